"""Use cases of the client without Qt: receiving, sending, eEB answers, directory and
validation service clients, the event bus the GUI bridges to Qt signals, and the one place
where exceptions get their user-facing German text.
"""
