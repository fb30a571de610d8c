"""OSCI-Transport 1.2: the wire protocol of EGVP and the beBPo.

A sans-IO library: the core builds message bytes from typed model objects and parses bytes into
model objects and events; it opens no sockets and reads no files it was not handed. Signatures
(XMLDSig), encryption (XMLEnc, transport envelope), the streaming MIME reader/writer and the dialog
state live here. ``osci.transport`` is the only part that does network I/O. ``osci`` imports nothing
of ``client``, ``profiles`` or ``testbed`` and no Qt (DESIGN.md §2).
"""
