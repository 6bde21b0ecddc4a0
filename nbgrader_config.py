# Lets every nbgrader command and the formgrader work from the repository root.
c = get_config()  # noqa: F821
load_subconfig("grading/nbgrader_config.py")  # noqa: F821
