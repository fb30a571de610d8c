"""The PySide6 GUI. The only package that imports Qt; it drives ``client.core`` through
background workers and turns core events into Qt signals in one bridge module.
"""
