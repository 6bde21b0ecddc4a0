"""The course's knowledge as data: shipped inside the package as coursekit.assets (see coursekit/course/data.py)."""
