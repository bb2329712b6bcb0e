"""`python -m grader.cli ...`: the same as the `grade` command."""

from grader.cli import main

main()
