"""The course's autograder: reference formulas, student-side checks and the instructor command.

    python -m autograder release          # regenerate notebooks/ from solutions/
    python -m autograder grade ASSIGNMENT # grade everything in submitted/
    python -m autograder demo             # grade a small simulated class

What a student receives lives in `autograder.student` and never imports the rest.
"""
