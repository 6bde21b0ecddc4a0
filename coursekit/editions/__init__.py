"""Other editions of the lessons, made from the lessons themselves: projector slides (``slides``)."""
