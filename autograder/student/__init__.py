"""What a student receives besides the notebooks: checks, loss landscapes, plot style, explorers.

Nothing here imports or contains the instructor's reference: the checks know the expected
outputs of the public test vectors (`vectors/*.json`), not how to compute them.
"""
