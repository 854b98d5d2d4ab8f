"""What grading leaves behind, for the instructor: charts, the class pages, the class's
mistakes, similar submissions and the grade exports."""
