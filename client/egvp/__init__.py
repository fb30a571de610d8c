"""The EGVP/beBPo payload carried inside OSCI: the ``project_coco``/``govello_coco`` containers
(nachricht.xml, visitenkarte.xml, herstellerinformation.xml, additional_infos), XJustiz 3.5.1
generation and lenient parsing of older versions, eEB detection and answers, and the ERV rules
checked before sending.
"""
