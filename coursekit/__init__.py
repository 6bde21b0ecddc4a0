"""Helpers for the safer anal training course: content, quizzes, figures and one module per topic."""

__version__ = "0.1.0"
