"""Quarantine and malware scanning: decrypted attachments stay quarantined until a scan
(ClamAV over INSTREAM, or an administrator's scanner command) says OK; file names are sanitised;
types are checked by content; only clean files of allowed types are released to ``transfer``.
"""
