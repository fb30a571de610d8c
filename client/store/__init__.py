"""The encrypted mailbox store: SQLCipher database (messages, folders, journal, full-text index)
plus an AES-256-GCM blob folder, behind a key hierarchy (random master key wrapped by a
password-derived key and optionally a recovery certificate). Numbered schema migrations.
"""
