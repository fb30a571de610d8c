"""Configuration IDs, the scenario catalogue and working directories.

A configuration ID resolves to a scenario (intermediary, directory and validation services,
limits, retention defaults); each scenario gets one working directory
``<base>/bebpo/<scenario name>/`` holding keys, store, quarantine and logs. This package also
owns the instance and operation locks that make two client processes on one working directory
safe, and the per-working-directory settings file with its migrations.
"""
