"""Grading: bank to master to student build, in-kernel answer checks, feedback, and the class runner with its workers.

Kept light on import: graded notebook cells import coursekit.grading.checks in every kernel.
"""
