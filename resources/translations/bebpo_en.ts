<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ComposeDialog</name>
    <message>
        <source>Neue Nachricht</source>
        <translation>New message</translation>
    </message>
    <message>
        <source>Noch kein Empfänger gewählt</source>
        <translation>No recipient chosen yet</translation>
    </message>
    <message>
        <source>Im Verzeichnis suchen …</source>
        <translation>Search the directory …</translation>
    </message>
    <message>
        <source>z. B. 31-2025/0815</source>
        <translation>e.g. 31-2025/0815</translation>
    </message>
    <message>
        <source>z. B. 1 K 519/25</source>
        <translation>e.g. 1 K 519/25</translation>
    </message>
    <message>
        <source>Empfänger:</source>
        <translation>Recipient:</translation>
    </message>
    <message>
        <source>&amp;Betreff:</source>
        <translation>&amp;Subject:</translation>
    </message>
    <message>
        <source>&amp;Ihr Aktenzeichen:</source>
        <translation>&amp;Your file number:</translation>
    </message>
    <message>
        <source>Aktenzeichen des Empfän&amp;gers:</source>
        <translation>Reci&amp;pient's file number:</translation>
    </message>
    <message>
        <source>Dokumente hierher ziehen oder über „Dokumente hinzufügen …“ auswählen.</source>
        <translation>Drag documents here or choose them with “Add documents …”.</translation>
    </message>
    <message>
        <source>Dokumente hinzufügen …</source>
        <translation>Add documents …</translation>
    </message>
    <message>
        <source>Entfernen</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Vorgeschlagene Namen übernehmen</source>
        <translation>Use suggested names</translation>
    </message>
    <message>
        <source>Entwurf speichern</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>Senden</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dokumente&lt;/b&gt;</source>
        <translation>&lt;b&gt;Documents&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Dokumente hinzufügen</source>
        <translation>Add documents</translation>
    </message>
    <message>
        <source>PDF-Dokumente (*.pdf);;TIFF-Bilder (*.tif *.tiff);;Alle Dateien (*)</source>
        <translation>PDF documents (*.pdf);;TIFF images (*.tif *.tiff);;All files (*)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Prüfung nach den ERV-Regeln&lt;/b&gt;</source>
        <translation>&lt;b&gt;Check against the ERV rules&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Prüfung nach den ERV-Regeln&lt;/b&gt; – läuft …</source>
        <translation>&lt;b&gt;Check against the ERV rules&lt;/b&gt; – running …</translation>
    </message>
    <message>
        <source>{size} von höchstens {limit}</source>
        <translation>{size} of at most {limit}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Prüfung nach den ERV-Regeln:&lt;/b&gt; keine Probleme ({total}).</source>
        <translation>&lt;b&gt;Check against the ERV rules:&lt;/b&gt; no problems ({total}).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Prüfung nach den ERV-Regeln:&lt;/b&gt; {errors} Problem(e), {warnings} Hinweis(e) ({total})</source>
        <translation>&lt;b&gt;Check against the ERV rules:&lt;/b&gt; {errors} problem(s), {warnings} note(s) ({total})</translation>
    </message>
    <message>
        <source>Vorschlag: {name}</source>
        <translation>Suggestion: {name}</translation>
    </message>
    <message>
        <source>Empfänger wählen</source>
        <translation>choose a recipient</translation>
    </message>
    <message>
        <source>Betreff eingeben</source>
        <translation>enter a subject</translation>
    </message>
    <message>
        <source>mindestens ein Dokument hinzufügen</source>
        <translation>add at least one document</translation>
    </message>
    <message>
        <source>Prüfung abwarten</source>
        <translation>wait for the check</translation>
    </message>
    <message>
        <source>Probleme der Dokumente beheben</source>
        <translation>fix the documents' problems</translation>
    </message>
    <message>
        <source>Noch zu tun: {items}</source>
        <translation>Still to do: {items}</translation>
    </message>
    <message>
        <source>Nachricht wird gesendet …</source>
        <translation>Sending the message …</translation>
    </message>
    <message>
        <source>Der Versand wurde abgebrochen; nichts wurde gesendet.</source>
        <translation>Sending was cancelled; nothing was sent.</translation>
    </message>
    <message>
        <source>Der Entwurf wurde gespeichert.</source>
        <translation>The draft was saved.</translation>
    </message>
    <message>
        <source>Entwurf bearbeiten</source>
        <translation>Edit draft</translation>
    </message>
</context>
<context>
    <name>ComposeFilesModel</name>
    <message>
        <source>Dokument (Name beim Versand)</source>
        <translation>Document (name when sent)</translation>
    </message>
    <message>
        <source>Dokumentklasse</source>
        <translation>Document class</translation>
    </message>
    <message>
        <source>Größe</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Prüfung</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>wird geprüft …</source>
        <translation>checking …</translation>
    </message>
    <message>
        <source>in Ordnung</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>{n} Problem(e)</source>
        <translation>{n} problem(s)</translation>
    </message>
    <message>
        <source>{n} Hinweis(e)</source>
        <translation>{n} note(s)</translation>
    </message>
</context>
<context>
    <name>DeleteContentDialog</name>
    <message>
        <source>Dokument endgültig löschen</source>
        <translation>Delete document for good</translation>
    </message>
    <message>
        <source>Der Inhalt von „{name}“ wird endgültig gelöscht. Die Nachricht und ein Eintrag im Protokoll (mit Ihrem Namen und dem Grund) bleiben erhalten.</source>
        <translation>The content of “{name}” will be deleted for good. The message and a journal entry (with your name and the reason) are kept.</translation>
    </message>
    <message>
        <source>Grund, z. B. „Schadsoftware, Absender informiert“</source>
        <translation>Reason, e.g. “malware, sender informed”</translation>
    </message>
    <message>
        <source>Ja, den Inhalt endgültig löschen</source>
        <translation>Yes, delete the content for good</translation>
    </message>
    <message>
        <source>Löschen</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Grund:</source>
        <translation>Reason:</translation>
    </message>
</context>
<context>
    <name>DirectoryDialog</name>
    <message>
        <source>Empfänger im Verzeichnis suchen</source>
        <translation>Search the directory for a recipient</translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Ort:</source>
        <translation>City:</translation>
    </message>
    <message>
        <source>Postleitzahl:</source>
        <translation>Postcode:</translation>
    </message>
    <message>
        <source>Land:</source>
        <translation>Country:</translation>
    </message>
    <message>
        <source>SAFE-ID:</source>
        <translation>SAFE ID:</translation>
    </message>
    <message>
        <source>Suchen</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Felder leeren</source>
        <translation>Clear fields</translation>
    </message>
    <message>
        <source>◀ Zurück</source>
        <translation>◀ Back</translation>
    </message>
    <message>
        <source>Weiter ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <source>Als Favorit merken</source>
        <translation>Add to favourites</translation>
    </message>
    <message>
        <source>Favorit entfernen</source>
        <translation>Remove favourite</translation>
    </message>
    <message>
        <source>Favoriten</source>
        <translation>Favourites</translation>
    </message>
    <message>
        <source>Übernehmen</source>
        <translation>Choose</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Bitte mindestens ein Feld ausfüllen.</source>
        <translation>Please fill in at least one field.</translation>
    </message>
    <message>
        <source>Suche läuft …</source>
        <translation>Searching …</translation>
    </message>
    <message>
        <source>Keine Treffer.</source>
        <translation>No results.</translation>
    </message>
    <message>
        <source>Seite {page} von {pages} · {total} Treffer</source>
        <translation>Page {page} of {pages} · {total} results</translation>
    </message>
</context>
<context>
    <name>DirectoryTableModel</name>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Ort</source>
        <translation>City</translation>
    </message>
    <message>
        <source>PLZ</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Land</source>
        <translation>Country</translation>
    </message>
    <message>
        <source>SAFE-ID</source>
        <translation>SAFE ID</translation>
    </message>
    <message>
        <source>Rolle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>beBPo (bestätigt)</source>
        <translation>beBPo (confirmed)</translation>
    </message>
    <message>
        <source>beBPo (unbestätigt)</source>
        <translation>beBPo (unconfirmed)</translation>
    </message>
    <message>
        <source>Justiz</source>
        <translation>Judiciary</translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <source>Datei</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Größe</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Virenprüfung</source>
        <translation>Virus scan</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Dokument</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>XJustiz-Datensatz</source>
        <translation>XJustiz record</translation>
    </message>
    <message>
        <source>Signaturdatei</source>
        <translation>Signature file</translation>
    </message>
    <message>
        <source>EGVP-Datei</source>
        <translation>EGVP file</translation>
    </message>
    <message>
        <source>Sonstige</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>gelöscht</source>
        <translation>deleted</translation>
    </message>
    <message>
        <source>virenfrei</source>
        <translation>clean</translation>
    </message>
    <message>
        <source>Schadsoftware gefunden</source>
        <translation>Malware found</translation>
    </message>
    <message>
        <source>nicht entscheidbar</source>
        <translation>undecided</translation>
    </message>
    <message>
        <source>noch nicht geprüft</source>
        <translation>not scanned yet</translation>
    </message>
    <message>
        <source>Originalname: {name}</source>
        <translation>Original name: {name}</translation>
    </message>
    <message>
        <source>übertragen am {when}</source>
        <translation>transferred on {when}</translation>
    </message>
    <message>
        <source>möglich</source>
        <translation>possible</translation>
    </message>
    <message>
        <source>gesperrt</source>
        <translation>blocked</translation>
    </message>
</context>
<context>
    <name>EebDialog</name>
    <message>
        <source>Zustellungsempfänger nicht am Verfahren beteiligt</source>
        <translation>Addressee not a party to the proceedings</translation>
    </message>
    <message>
        <source>Inhalt der Sendung unklar oder unvollständig</source>
        <translation>Content of the delivery unclear or incomplete</translation>
    </message>
    <message>
        <source>Zertifikatsprüfung fehlgeschlagen</source>
        <translation>Certificate check failed</translation>
    </message>
    <message>
        <source>Elektronisches Empfangsbekenntnis (eEB)</source>
        <translation>Electronic acknowledgement of receipt (eEB)</translation>
    </message>
    <message>
        <source>Anforderung von &lt;b&gt;{sender}&lt;/b&gt;&lt;br&gt;Betreff: {betreff}</source>
        <translation>Requested by &lt;b&gt;{sender}&lt;/b&gt;&lt;br&gt;Subject: {betreff}</translation>
    </message>
    <message>
        <source>Empfang bestätigen</source>
        <translation>Acknowledge receipt</translation>
    </message>
    <message>
        <source>Störung melden (Empfang nicht bestätigen)</source>
        <translation>Report a problem (do not acknowledge receipt)</translation>
    </message>
    <message>
        <source>Grund (optional, wird mitgesendet)</source>
        <translation>Reason (optional, sent along)</translation>
    </message>
    <message>
        <source>Antwort</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Datum des Empfangs:</source>
        <translation>Date of receipt:</translation>
    </message>
    <message>
        <source>Grund der Störung:</source>
        <translation>Problem:</translation>
    </message>
    <message>
        <source>Das wird gesendet</source>
        <translation>What will be sent</translation>
    </message>
    <message>
        <source>An (SAFE-ID):</source>
        <translation>To (SAFE ID):</translation>
    </message>
    <message>
        <source>Betreff:</source>
        <translation>Subject:</translation>
    </message>
    <message>
        <source>Aktenzeichen:</source>
        <translation>File number:</translation>
    </message>
    <message>
        <source>XJustiz-Datensatz:</source>
        <translation>XJustiz record:</translation>
    </message>
    <message>
        <source>eEB senden</source>
        <translation>Send eEB</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Empfänger: {theirs} · Ihres: {own}</source>
        <translation>Recipient's: {theirs} · Yours: {own}</translation>
    </message>
    <message>
        <source>eEB wird gesendet …</source>
        <translation>Sending the eEB …</translation>
    </message>
</context>
<context>
    <name>FolderTreeModel</name>
    <message>
        <source>Posteingang</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>Postausgang</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>Gesendet</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Entwürfe</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <source>Papierkorb</source>
        <translation>Trash</translation>
    </message>
    <message>
        <source>Quarantäne</source>
        <translation>Quarantine</translation>
    </message>
    <message>
        <source>{n} Dokument(e) in Quarantäne</source>
        <translation>{n} document(s) in quarantine</translation>
    </message>
    <message>
        <source>{total} Nachricht(en), davon {unseen} ungelesen</source>
        <translation>{total} message(s), {unseen} unread</translation>
    </message>
</context>
<context>
    <name>MailboxPage</name>
    <message>
        <source>Postfach</source>
        <translation>Mailbox</translation>
    </message>
    <message>
        <source>Abrufen</source>
        <translation>Fetch</translation>
    </message>
    <message>
        <source>Neue Nachrichten vom Intermediär abrufen (F5)</source>
        <translation>Fetch new messages from the intermediary (F5)</translation>
    </message>
    <message>
        <source>Neue Nachricht</source>
        <translation>New message</translation>
    </message>
    <message>
        <source>Antworten mit eEB</source>
        <translation>Answer with eEB</translation>
    </message>
    <message>
        <source>Das angeforderte elektronische Empfangsbekenntnis abgeben</source>
        <translation>Give the requested electronic acknowledgement of receipt</translation>
    </message>
    <message>
        <source>Exportieren</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Nachricht mit Prüfprotokoll und Zugangsnachweis als ZIP speichern</source>
        <translation>Save the message with its verification report and proof of delivery as a ZIP</translation>
    </message>
    <message>
        <source>Einstellungen</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Nachrichten werden abgerufen …</source>
        <translation>Fetching messages …</translation>
    </message>
    <message>
        <source>{n} neue Nachricht(en) abgerufen.</source>
        <translation>{n} new message(s) fetched.</translation>
    </message>
    <message>
        <source>Keine neuen Nachrichten.</source>
        <translation>No new messages.</translation>
    </message>
    <message>
        <source>Abruf abgebrochen. Bereits abgerufene Nachrichten sind gespeichert.</source>
        <translation>Fetching cancelled. Messages fetched so far are stored.</translation>
    </message>
    <message>
        <source>Die Nachricht wurde gesendet.</source>
        <translation>The message was sent.</translation>
    </message>
    <message>
        <source>Das eEB wurde gesendet.</source>
        <translation>The eEB was sent.</translation>
    </message>
    <message>
        <source>Exportieren nach</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>Nachricht wird exportiert …</source>
        <translation>Exporting the message …</translation>
    </message>
    <message>
        <source>Exportiert: {names}</source>
        <translation>Exported: {names}</translation>
    </message>
    <message>
        <source>Einstellungen gespeichert.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <source>Entwurf öffnen</source>
        <translation>Open draft</translation>
    </message>
    <message>
        <source>Den Entwurf im Nachrichtenfenster bearbeiten</source>
        <translation>Edit the draft in the message window</translation>
    </message>
    <message>
        <source>In den Papierkorb</source>
        <translation>Move to trash</translation>
    </message>
    <message>
        <source>Die gewählten Nachrichten in den Papierkorb verschieben (Entf)</source>
        <translation>Move the selected messages to the trash (Del)</translation>
    </message>
    <message>
        <source>Wiederherstellen</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Die gewählten Nachrichten in ihren Ordner zurücklegen</source>
        <translation>Put the selected messages back into their folder</translation>
    </message>
    <message>
        <source>Endgültig löschen</source>
        <translation>Delete permanently</translation>
    </message>
    <message>
        <source>Die gewählten Nachrichten mit ihren Dokumenten unwiderruflich löschen</source>
        <translation>Delete the selected messages and their documents irrevocably</translation>
    </message>
    <message>
        <source>{n} Nachricht(en) in den Papierkorb verschoben.</source>
        <translation>{n} message(s) moved to the trash.</translation>
    </message>
    <message>
        <source>{n} Nachricht(en) wiederhergestellt.</source>
        <translation>{n} message(s) restored.</translation>
    </message>
    <message>
        <source>{n} Nachricht(en) mit allen Dokumenten endgültig löschen? Das kann nicht rückgängig gemacht werden.</source>
        <translation>Delete {n} message(s) with all documents permanently? This cannot be undone.</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{n} Nachricht(en) endgültig gelöscht.</source>
        <translation>{n} message(s) deleted permanently.</translation>
    </message>
    <message>
        <source>Postfach sichern</source>
        <translation>Back up mailbox</translation>
    </message>
    <message>
        <source>beBPo-Sicherungen (*.bebpo-backup);;Alle Dateien (*)</source>
        <translation>beBPo backups (*.bebpo-backup);;All files (*)</translation>
    </message>
    <message>
        <source>Postfach wird gesichert …</source>
        <translation>Backing up the mailbox …</translation>
    </message>
    <message>
        <source>Das Postfach wurde gesichert.

Datei: {path}
Größe: {size}
SHA-256: {sha256}

{messages} Nachricht(en), {attachments} Dokument(e). Bewahren Sie die Sicherung getrennt vom Arbeitsverzeichnis auf; sie öffnet sich mit dem Postfach-Kennwort von heute.</source>
        <translation>The mailbox has been backed up.

File: {path}
Size: {size}
SHA-256: {sha256}

{messages} message(s), {attachments} document(s). Keep the backup apart from the working directory; it opens with today's mailbox password.</translation>
    </message>
    <message>
        <source>Postfach gesichert</source>
        <translation>Mailbox backed up</translation>
    </message>
    <message>
        <source>Postfach gesichert: {name} ({size})</source>
        <translation>Mailbox backed up: {name} ({size})</translation>
    </message>
    <message>
        <source>Die Sicherung wurde abgebrochen.</source>
        <translation>The backup was cancelled.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>beBPo-Client</source>
        <translation>beBPo client</translation>
    </message>
    <message>
        <source>Bereit</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>&amp;Datei</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Konfigurations-ID &amp;hinzufügen …</source>
        <translation>&amp;Add configuration ID …</translation>
    </message>
    <message>
        <source>&amp;Löschen und Beenden</source>
        <translation>&amp;Delete and quit</translation>
    </message>
    <message>
        <source>&amp;Beenden</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>beBPo-Client – {title} – {person}</source>
        <translation>beBPo client – {title} – {person}</translation>
    </message>
    <message>
        <source>Postfach entsperrt. Angemeldet: {person}</source>
        <translation>Mailbox unlocked. Working: {person}</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Hinweis:&lt;/b&gt; Dieses Arbeitsverzeichnis ist zusätzlich in einer anderen Instanz geöffnet.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Note:&lt;/b&gt; this working directory is also open in another instance.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>beBPo-Client – {name}</source>
        <translation>beBPo client – {name}</translation>
    </message>
    <message>
        <source>Postfach &amp;sichern …</source>
        <translation>&amp;Back up mailbox …</translation>
    </message>
    <message>
        <source>Eine verschlüsselte Sicherung des ganzen Postfachs schreiben</source>
        <translation>Write an encrypted backup of the whole mailbox</translation>
    </message>
    <message>
        <source>Sicherung &amp;wiederherstellen …</source>
        <translation>&amp;Restore backup …</translation>
    </message>
    <message>
        <source>Eine Sicherung in ein neues Arbeitsverzeichnis zurückschreiben</source>
        <translation>Restore a backup into a new working directory</translation>
    </message>
    <message>
        <source>Sicherung wiederhergestellt: {path}</source>
        <translation>Backup restored: {path}</translation>
    </message>
</context>
<context>
    <name>MessageList</name>
    <message>
        <source>Suchen in Absender, Betreff, Aktenzeichen, Dokumenten …</source>
        <translation>Search sender, subject, file number, documents …</translation>
    </message>
    <message>
        <source>Wird geladen …</source>
        <translation>Loading …</translation>
    </message>
    <message>
        <source>{n} Nachrichten</source>
        <translation>{n} messages</translation>
    </message>
    <message>
        <source>{shown} von {total}</source>
        <translation>{shown} of {total}</translation>
    </message>
    <message>
        <source>(weitere werden geladen …)</source>
        <translation>(loading more …)</translation>
    </message>
</context>
<context>
    <name>MessageTableModel</name>
    <message>
        <source>Betreff</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Aktenzeichen</source>
        <translation>File number</translation>
    </message>
    <message>
        <source>Größe</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Signatur und VHN</source>
        <translation>Signature and VHN</translation>
    </message>
    <message>
        <source>eEB angefordert</source>
        <translation>eEB requested</translation>
    </message>
    <message>
        <source>Virenprüfung der Dokumente</source>
        <translation>Virus scan of the documents</translation>
    </message>
    <message>
        <source>Empfänger</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>Absender</source>
        <translation>Sender</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Eingang</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>(ohne Betreff)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <source>Signatur: {sig} · VHN: {vhn}</source>
        <translation>Signature: {sig} · VHN: {vhn}</translation>
    </message>
    <message>
        <source>Das Gericht bittet um ein elektronisches Empfangsbekenntnis (eEB).</source>
        <translation>The court asks for an electronic acknowledgement of receipt (eEB).</translation>
    </message>
    <message>
        <source>{n} Dokument(e) in Quarantäne</source>
        <translation>{n} document(s) in quarantine</translation>
    </message>
    <message>
        <source>Alle Dokumente geprüft: virenfrei</source>
        <translation>All documents scanned: clean</translation>
    </message>
    <message>
        <source>gültig</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>ungültig</source>
        <translation>invalid</translation>
    </message>
    <message>
        <source>nicht entscheidbar</source>
        <translation>undecided</translation>
    </message>
    <message>
        <source>nicht geprüft</source>
        <translation>not checked</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Wählen Sie eine Nachricht aus.</source>
        <translation>Choose a message.</translation>
    </message>
    <message>
        <source>Absender:</source>
        <translation>Sender:</translation>
    </message>
    <message>
        <source>Empfänger:</source>
        <translation>Recipient:</translation>
    </message>
    <message>
        <source>Aktenzeichen Absender:</source>
        <translation>Sender's file number:</translation>
    </message>
    <message>
        <source>Aktenzeichen Empfänger:</source>
        <translation>Recipient's file number:</translation>
    </message>
    <message>
        <source>Eingang:</source>
        <translation>Received:</translation>
    </message>
    <message>
        <source>In Transfer übertragen</source>
        <translation>Move to transfer</translation>
    </message>
    <message>
        <source>Dokumente</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Laufzettel</source>
        <translation>Process card</translation>
    </message>
    <message>
        <source>Prüfprotokoll</source>
        <translation>Verification report</translation>
    </message>
    <message>
        <source>(ohne Betreff)</source>
        <translation>(no subject)</translation>
    </message>
    <message>
        <source>Gesendet:</source>
        <translation>Sent:</translation>
    </message>
    <message>
        <source>Signatur {verdict}</source>
        <translation>Signature {verdict}</translation>
    </message>
    <message>
        <source>VHN {verdict}</source>
        <translation>VHN {verdict}</translation>
    </message>
    <message>
        <source>eEB angefordert</source>
        <translation>eEB requested</translation>
    </message>
    <message>
        <source>eEB-Antwort</source>
        <translation>eEB answer</translation>
    </message>
    <message>
        <source>Wählen Sie ein Dokument, um es in den Transfer-Ordner zu übertragen.</source>
        <translation>Choose a document to move it to the transfer folder.</translation>
    </message>
    <message>
        <source>Nicht übertragbar: {reason}</source>
        <translation>Cannot be transferred: {reason}</translation>
    </message>
    <message>
        <source>„{name}“ ist virenfrei und darf übertragen werden.</source>
        <translation>“{name}” is clean and may be transferred.</translation>
    </message>
    <message>
        <source>Übertragen nach {path}</source>
        <translation>Transferred to {path}</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Wird abgebrochen …</source>
        <translation>Cancelling …</translation>
    </message>
</context>
<context>
    <name>QuarantineTableModel</name>
    <message>
        <source>Datei</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Befund</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>Nachricht</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Absender</source>
        <translation>Sender</translation>
    </message>
    <message>
        <source>Geprüft</source>
        <translation>Scanned</translation>
    </message>
    <message>
        <source>Größe</source>
        <translation>Size</translation>
    </message>
</context>
<context>
    <name>QuarantineView</name>
    <message>
        <source>Diese Dokumente wurden nicht als virenfrei erkannt und bleiben gesperrt. Prüfen Sie sie erneut (z. B. nach einer Aktualisierung der Virensignaturen) oder löschen Sie den Inhalt mit Angabe eines Grundes.</source>
        <translation>These documents were not found to be clean and stay blocked. Scan them again (e.g. after the virus signatures were updated) or delete their content, giving a reason.</translation>
    </message>
    <message>
        <source>Erneut prüfen</source>
        <translation>Scan again</translation>
    </message>
    <message>
        <source>In Transfer übertragen</source>
        <translation>Move to transfer</translation>
    </message>
    <message>
        <source>Löschen …</source>
        <translation>Delete …</translation>
    </message>
    <message>
        <source>Nachricht öffnen</source>
        <translation>Open message</translation>
    </message>
    <message>
        <source>Prüfe „{name}“ …</source>
        <translation>Scanning “{name}” …</translation>
    </message>
    <message>
        <source>„{name}“ ist virenfrei und kann übertragen werden.</source>
        <translation>“{name}” is clean and can be transferred.</translation>
    </message>
    <message>
        <source>„{name}“ bleibt gesperrt.</source>
        <translation>“{name}” stays blocked.</translation>
    </message>
    <message>
        <source>Übertragen nach {path}</source>
        <translation>Transferred to {path}</translation>
    </message>
    <message>
        <source>Der Inhalt wurde gelöscht.</source>
        <translation>The content was deleted.</translation>
    </message>
</context>
<context>
    <name>ReportHtml</name>
    <message>
        <source>gültig</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>ungültig</source>
        <translation>invalid</translation>
    </message>
    <message>
        <source>nicht entscheidbar</source>
        <translation>undecided</translation>
    </message>
    <message>
        <source>nicht geprüft</source>
        <translation>not checked</translation>
    </message>
    <message>
        <source>Zu dieser Nachricht liegt (noch) kein Laufzettel vor.</source>
        <translation>There is no process card for this message (yet).</translation>
    </message>
    <message>
        <source>Laufzettel</source>
        <translation>Process card</translation>
    </message>
    <message>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Nachrichten-ID</source>
        <translation>Message ID</translation>
    </message>
    <message>
        <source>Betreff (OSCI)</source>
        <translation>Subject (OSCI)</translation>
    </message>
    <message>
        <source>Eingang beim Intermediär</source>
        <translation>Received by the intermediary</translation>
    </message>
    <message>
        <source>Weitergeleitet</source>
        <translation>Forwarded</translation>
    </message>
    <message>
        <source>Abgeholt</source>
        <translation>Fetched</translation>
    </message>
    <message>
        <source>Letzte Änderung</source>
        <translation>Last change</translation>
    </message>
    <message>
        <source>Kryptografische Zeitstempel</source>
        <translation>Cryptographic time stamps</translation>
    </message>
    <message>
        <source>Zertifikatsprüfungen</source>
        <translation>Certificate checks</translation>
    </message>
    <message>
        <source>Geprüft am</source>
        <translation>Checked on</translation>
    </message>
    <message>
        <source>Zertifikat</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>Aussteller</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Mathematisch</source>
        <translation>Mathematical</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Ergebnis</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Nachricht empfangen</source>
        <translation>Message received</translation>
    </message>
    <message>
        <source>Empfang beim Intermediär quittiert</source>
        <translation>Receipt acknowledged to the intermediary</translation>
    </message>
    <message>
        <source>Nachricht entschlüsselt</source>
        <translation>Message decrypted</translation>
    </message>
    <message>
        <source>Nachricht verarbeitet</source>
        <translation>Message processed</translation>
    </message>
    <message>
        <source>Verarbeitung fehlgeschlagen</source>
        <translation>Processing failed</translation>
    </message>
    <message>
        <source>Laufzettel gespeichert</source>
        <translation>Process card stored</translation>
    </message>
    <message>
        <source>Dokument gespeichert (Quarantäne)</source>
        <translation>Document stored (quarantine)</translation>
    </message>
    <message>
        <source>Dokument auf Viren geprüft</source>
        <translation>Document scanned for viruses</translation>
    </message>
    <message>
        <source>Dokument in Transfer übertragen</source>
        <translation>Document moved to transfer</translation>
    </message>
    <message>
        <source>Dokumentinhalt gelöscht</source>
        <translation>Document content deleted</translation>
    </message>
    <message>
        <source>Entwurf angelegt</source>
        <translation>Draft created</translation>
    </message>
    <message>
        <source>Entwurf geändert</source>
        <translation>Draft changed</translation>
    </message>
    <message>
        <source>Zum Versand bereitgestellt</source>
        <translation>Queued for sending</translation>
    </message>
    <message>
        <source>Versand begonnen</source>
        <translation>Sending started</translation>
    </message>
    <message>
        <source>Nachricht gesendet</source>
        <translation>Message sent</translation>
    </message>
    <message>
        <source>Versand fehlgeschlagen</source>
        <translation>Sending failed</translation>
    </message>
    <message>
        <source>In den Papierkorb verschoben</source>
        <translation>Moved to the trash</translation>
    </message>
    <message>
        <source>Aus dem Papierkorb geholt</source>
        <translation>Restored from the trash</translation>
    </message>
    <message>
        <source>Nachricht exportiert</source>
        <translation>Message exported</translation>
    </message>
    <message>
        <source>Schadsoftware gefunden</source>
        <translation>Malware found</translation>
    </message>
    <message>
        <source>Signatur und Herkunft</source>
        <translation>Signature and origin</translation>
    </message>
    <message>
        <source>Signatur der Nachricht</source>
        <translation>Signature of the message</translation>
    </message>
    <message>
        <source>Vertrauenswürdiger Herkunftsnachweis (VHN)</source>
        <translation>Trusted proof of origin (VHN)</translation>
    </message>
    <message>
        <source>Virenprüfung</source>
        <translation>Virus scan</translation>
    </message>
    <message>
        <source>Datei</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Prüfprogramm</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Signaturen</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>Befund</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>Keine Virenprüfung aufgezeichnet.</source>
        <translation>No virus scan recorded.</translation>
    </message>
    <message>
        <source>Protokoll</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Zeitpunkt</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Vorgang</source>
        <translation>Action</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Sicherung wiederherstellen</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <source>Die Sicherung wird in ein neues, leeres Arbeitsverzeichnis zurückgeschrieben. In das Arbeitsverzeichnis, mit dem dieser Client gerade arbeitet, kann nicht wiederhergestellt werden – wählen Sie dafür einen anderen Zielordner.</source>
        <translation>The backup is written back into a new, empty working directory. It cannot be restored into the working directory this client is using right now – choose a different target folder.</translation>
    </message>
    <message>
        <source>Datei *.bebpo-backup</source>
        <translation>File *.bebpo-backup</translation>
    </message>
    <message>
        <source>Auswählen …</source>
        <translation>Choose …</translation>
    </message>
    <message>
        <source>Kennwort zum Zeitpunkt der Sicherung</source>
        <translation>Password at the time of the backup</translation>
    </message>
    <message>
        <source>Sicherung:</source>
        <translation>Backup:</translation>
    </message>
    <message>
        <source>Arbeitsverzeichnis:</source>
        <translation>Working directory:</translation>
    </message>
    <message>
        <source>Zielordner:</source>
        <translation>Target folder:</translation>
    </message>
    <message>
        <source>Postfach-Kennwort:</source>
        <translation>Mailbox password:</translation>
    </message>
    <message>
        <source>Wird wiederhergestellt …</source>
        <translation>Restoring …</translation>
    </message>
    <message>
        <source>Wiederherstellen</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Sicherung wählen</source>
        <translation>Choose backup</translation>
    </message>
    <message>
        <source>beBPo-Sicherungen (*.bebpo-backup);;Alle Dateien (*)</source>
        <translation>beBPo backups (*.bebpo-backup);;All files (*)</translation>
    </message>
    <message>
        <source>Zielordner wählen</source>
        <translation>Choose target folder</translation>
    </message>
    <message>
        <source>Wählen Sie die Sicherungsdatei.</source>
        <translation>Choose the backup file.</translation>
    </message>
    <message>
        <source>Geben Sie den Namen des Arbeitsverzeichnisses an (z. B. „demo“: kleine Buchstaben, Ziffern und Bindestriche).</source>
        <translation>Enter the name of the working directory (e.g. “demo”: lower-case letters, digits and hyphens).</translation>
    </message>
    <message>
        <source>Wählen Sie den Zielordner.</source>
        <translation>Choose the target folder.</translation>
    </message>
    <message>
        <source>Geben Sie das Postfach-Kennwort ein.</source>
        <translation>Enter the mailbox password.</translation>
    </message>
    <message>
        <source>Das Arbeitsverzeichnis „{name}“ im gerade benutzten Ordner {base} kann nicht überschrieben werden. Wählen Sie einen anderen, neuen Zielordner.</source>
        <translation>The working directory “{name}” in the folder in use, {base}, cannot be overwritten. Choose a different, new target folder.</translation>
    </message>
    <message>
        <source>Die Sicherung wurde wiederhergestellt.

Arbeitsverzeichnis: {path}

Das Postfach öffnet sich mit dem Postfach-Kennwort der Sicherung.</source>
        <translation>The backup has been restored.

Working directory: {path}

The mailbox opens with the mailbox password of the backup.</translation>
    </message>
    <message>
        <source>Um damit zu arbeiten, starten Sie den beBPo-Client mit dem Zielordner als Basisordner (--base-dir {base}).</source>
        <translation>To work with it, start the beBPo client with the target folder as its base folder (--base-dir {base}).</translation>
    </message>
    <message>
        <source>Sicherung wiederhergestellt</source>
        <translation>Backup restored</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Eigener ClamAV-Prozess (empfohlen)</source>
        <translation>Own ClamAV process (recommended)</translation>
    </message>
    <message>
        <source>Laufender ClamAV-Dienst (Socket)</source>
        <translation>Running ClamAV service (socket)</translation>
    </message>
    <message>
        <source>Prüfprogramm der Administration (Befehl)</source>
        <translation>Administrator's scanner (command)</translation>
    </message>
    <message>
        <source>Postfachzertifikat (Verschlüsselung)</source>
        <translation>Mailbox certificate (encryption)</translation>
    </message>
    <message>
        <source>VHN-Zertifikat (Signatur)</source>
        <translation>VHN certificate (signature)</translation>
    </message>
    <message>
        <source>Einstellungen</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Aufbewahrung</source>
        <translation>Retention</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Virenprüfung</source>
        <translation>Virus scan</translation>
    </message>
    <message>
        <source>Allgemein</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Zertifikate</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Nachrichten nach Ablauf der Frist automatisch löschen</source>
        <translation>Delete messages automatically when their period has passed</translation>
    </message>
    <message>
        <source> Tage nach Eingang</source>
        <translation> days after receipt</translation>
    </message>
    <message>
        <source> Tage im Papierkorb</source>
        <translation> days in the trash</translation>
    </message>
    <message>
        <source>Nur Nachrichten löschen, die exportiert wurden</source>
        <translation>Only delete messages that were exported</translation>
    </message>
    <message>
        <source>&lt;b&gt;Achtung:&lt;/b&gt; Ohne automatische Löschung bleiben alle Nachrichten unbegrenzt gespeichert. Klären Sie mit Ihrer Datenschutzbeauftragten bzw. Ihrem Datenschutzbeauftragten, ob das zulässig ist, und löschen Sie Nachrichten dann selbst, sobald sie nicht mehr gebraucht werden.</source>
        <translation>&lt;b&gt;Caution:&lt;/b&gt; without automatic deletion every message is kept indefinitely. Check with your data protection officer whether that is allowed, and then delete messages yourself as soon as they are no longer needed.</translation>
    </message>
    <message>
        <source>In den Papierkorb:</source>
        <translation>Move to the trash:</translation>
    </message>
    <message>
        <source>Endgültig löschen nach:</source>
        <translation>Delete for good after:</translation>
    </message>
    <message>
        <source>Auswählen …</source>
        <translation>Choose …</translation>
    </message>
    <message>
        <source>Nur virenfreie Dokumente dieser Typen können in den Transfer-Ordner übertragen werden. Der Typ wird am Inhalt erkannt, nicht an der Endung.</source>
        <translation>Only clean documents of these types can be moved to the transfer folder. The type is recognised from the content, not from the extension.</translation>
    </message>
    <message>
        <source>Transfer-Ordner:</source>
        <translation>Transfer folder:</translation>
    </message>
    <message>
        <source>Erlaubte Typen:</source>
        <translation>Allowed types:</translation>
    </message>
    <message>
        <source>z. B. /run/clamav/clamd.ctl</source>
        <translation>e.g. /run/clamav/clamd.ctl</translation>
    </message>
    <message>
        <source>leer: Signaturen des Systems</source>
        <translation>empty: the system's signatures</translation>
    </message>
    <message>
        <source>z. B. /usr/local/bin/pruefen --datei {file}</source>
        <translation>e.g. /usr/local/bin/pruefen --datei {file}</translation>
    </message>
    <message>
        <source>Prüfung durch:</source>
        <translation>Scanned by:</translation>
    </message>
    <message>
        <source>ClamAV-Socket:</source>
        <translation>ClamAV socket:</translation>
    </message>
    <message>
        <source>Signatur-Ordner:</source>
        <translation>Signature folder:</translation>
    </message>
    <message>
        <source>Befehl:</source>
        <translation>Command:</translation>
    </message>
    <message>
        <source>leer: keine; z. B. http://proxy.behoerde.de:3128</source>
        <translation>empty: none; e.g. http://proxy.behoerde.de:3128</translation>
    </message>
    <message>
        <source>Sprache (nach Neustart):</source>
        <translation>Language (after a restart):</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>Zertifikat</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>Inhaber</source>
        <translation>Holder</translation>
    </message>
    <message>
        <source>Gültig bis</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Zustand</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Zertifikate werden geprüft …</source>
        <translation>Checking the certificates …</translation>
    </message>
    <message>
        <source>{n} Zertifikat(e) brauchen Ihre Aufmerksamkeit.</source>
        <translation>{n} certificate(s) need your attention.</translation>
    </message>
    <message>
        <source>Alle Zertifikate sind gültig.</source>
        <translation>All certificates are valid.</translation>
    </message>
    <message>
        <source>Die Zertifikate konnten nicht geprüft werden.</source>
        <translation>The certificates could not be checked.</translation>
    </message>
    <message>
        <source>Transfer-Ordner wählen</source>
        <translation>Choose the transfer folder</translation>
    </message>
    <message>
        <source>bestätigt</source>
        <translation>confirmed</translation>
    </message>
    <message>
        <source>noch nicht bestätigt (Prüfstelle)</source>
        <translation>not yet confirmed (verification office)</translation>
    </message>
    <message>
        <source>keine Rolle</source>
        <translation>no role</translation>
    </message>
    <message>
        <source>Verzeichnisdienst</source>
        <translation>Directory service</translation>
    </message>
    <message>
        <source>SAFE-ID: …</source>
        <translation>SAFE-ID: …</translation>
    </message>
    <message>
        <source>Rolle egvp_bebpo: …</source>
        <translation>Role egvp_bebpo: …</translation>
    </message>
    <message>
        <source>Der Verzeichnisdienst wird abgefragt …</source>
        <translation>Querying the directory service …</translation>
    </message>
    <message>
        <source>SAFE-ID: {safe_id}</source>
        <translation>SAFE-ID: {safe_id}</translation>
    </message>
    <message>
        <source>Rolle egvp_bebpo: {state}</source>
        <translation>Role egvp_bebpo: {state}</translation>
    </message>
    <message>
        <source>Stand: Abfrage beim Öffnen dieses Fensters.</source>
        <translation>As queried when this window was opened.</translation>
    </message>
    <message>
        <source>Visitenkarte bearbeiten …</source>
        <translation>Edit business card …</translation>
    </message>
    <message>
        <source>Stand: Abfrage nach dem Speichern der Visitenkarte.</source>
        <translation>As queried after saving the business card.</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Postfach entsperren</source>
        <translation>Unlock mailbox</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;Geben Sie das Passwort des Postfachs und Ihren Namen ein.</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;Enter the mailbox password and your name.</translation>
    </message>
    <message>
        <source>Vor- und Nachname</source>
        <translation>First and last name</translation>
    </message>
    <message>
        <source>Wird im Protokoll zu allem vermerkt, was Sie in diesem Postfach tun.</source>
        <translation>Recorded in the journal with everything you do in this mailbox.</translation>
    </message>
    <message>
        <source>&amp;Passwort:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Ihr Name:</source>
        <translation>&amp;Your name:</translation>
    </message>
    <message>
        <source>Entsperren</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Rückgängig</source>
        <translation>Undo</translation>
    </message>
</context>
<context>
    <name>VisitenkarteDialog</name>
    <message>
        <source>Organisation:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>Zusatz:</source>
        <translation>Addition:</translation>
    </message>
    <message>
        <source>Anrede:</source>
        <translation>Salutation:</translation>
    </message>
    <message>
        <source>Titel:</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>Vorname:</source>
        <translation>First name:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Straße:</source>
        <translation>Street:</translation>
    </message>
    <message>
        <source>Hausnummer:</source>
        <translation>House number:</translation>
    </message>
    <message>
        <source>PLZ:</source>
        <translation>Postcode:</translation>
    </message>
    <message>
        <source>Ort:</source>
        <translation>Town:</translation>
    </message>
    <message>
        <source>Bundesland:</source>
        <translation>Federal state:</translation>
    </message>
    <message>
        <source>Land:</source>
        <translation>Country:</translation>
    </message>
    <message>
        <source>E-Mail:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <source>Telefon:</source>
        <translation>Telephone:</translation>
    </message>
    <message>
        <source>Mobiltelefon:</source>
        <translation>Mobile phone:</translation>
    </message>
    <message>
        <source>Fax:</source>
        <translation>Fax:</translation>
    </message>
    <message>
        <source>Externe Kennung:</source>
        <translation>External ID:</translation>
    </message>
    <message>
        <source>Visitenkarte im Verzeichnisdienst</source>
        <translation>Business card in the directory service</translation>
    </message>
    <message>
        <source>SAFE-ID:</source>
        <translation>SAFE-ID:</translation>
    </message>
    <message>
        <source>Die Visitenkarte wird geladen …</source>
        <translation>Loading the business card …</translation>
    </message>
    <message>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>noch keine (wird beim Eintragen vergeben)</source>
        <translation>none yet (assigned on registration)</translation>
    </message>
    <message>
        <source>Im Verzeichnis eintragen</source>
        <translation>Register in the directory</translation>
    </message>
    <message>
        <source>Dieses Postfach ist noch nicht im Verzeichnisdienst eingetragen. Nach dem Eintragen muss die Prüfstelle die Rolle egvp_bebpo bestätigen.</source>
        <translation>This mailbox is not registered in the directory service yet. After registering, the verification office must confirm the egvp_bebpo role.</translation>
    </message>
    <message>
        <source>Änderungen an Organisation, Name oder Ort muss die Prüfstelle erneut bestätigen.</source>
        <translation>Changes to organisation, name or town must be confirmed by the verification office again.</translation>
    </message>
    <message>
        <source>Das Postfach wird eingetragen …</source>
        <translation>Registering the mailbox …</translation>
    </message>
    <message>
        <source>Die Visitenkarte wird gespeichert …</source>
        <translation>Saving the business card …</translation>
    </message>
</context>
<context>
    <name>WorkdirChooser</name>
    <message>
        <source>Öffnen</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Konfigurations-ID hinzufügen …</source>
        <translation>Add configuration ID …</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Arbeitsverzeichnis wählen&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Choose a working directory&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Jedes Postfach hat ein eigenes Arbeitsverzeichnis, angelegt über seine Konfigurations-ID.</source>
        <translation>Every mailbox has its own working directory, created from its configuration ID.</translation>
    </message>
    <message>
        <source>Zustand des gewählten Arbeitsverzeichnisses:</source>
        <translation>State of the chosen working directory:</translation>
    </message>
    <message>
        <source>Noch kein Arbeitsverzeichnis. Fügen Sie eine Konfigurations-ID hinzu.</source>
        <translation>No working directory yet. Add a configuration ID.</translation>
    </message>
    <message>
        <source>Sicherung wiederherstellen …</source>
        <translation>Restore backup …</translation>
    </message>
</context>
<context>
    <name>WorkdirTableModel</name>
    <message>
        <source>Postfach / Szenario</source>
        <translation>Mailbox / scenario</translation>
    </message>
    <message>
        <source>Konfigurations-ID</source>
        <translation>Configuration ID</translation>
    </message>
    <message>
        <source>Zustand</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Ordner</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Bereit</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Dateien fehlen</source>
        <translation>Files missing</translation>
    </message>
    <message>
        <source> – geöffnet (PID {pid})</source>
        <translation> – open (PID {pid})</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>Konfigurations-ID hinzufügen</source>
        <translation>Add configuration ID</translation>
    </message>
    <message>
        <source>Konfigurations-ID (erhalten Sie von Ihrer Administration):</source>
        <translation>Configuration ID (from your administrator):</translation>
    </message>
    <message>
        <source>Trotzdem starten</source>
        <translation>Start anyway</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Löschen und Beenden</source>
        <translation>Delete and quit</translation>
    </message>
    <message>
        <source>Das Arbeitsverzeichnis „{name}“ ({path}) wird mit allen abgelegten Schlüsseln und Zertifikaten gelöscht, danach wird das Programm beendet. Fortfahren?</source>
        <translation>The working directory “{name}” ({path}) will be deleted with all keys and certificates placed there, then the program quits. Continue?</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Unerwarteter Fehler</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>Bei der Verarbeitung ist ein unerwarteter Fehler aufgetreten ({kind}).</source>
        <translation>An unexpected error occurred during processing ({kind}).</translation>
    </message>
    <message>
        <source>Es gingen keine Daten verloren. Bitte wenden Sie sich mit der Protokolldatei an den Support.</source>
        <translation>No data was lost. Please contact support and provide the log file.</translation>
    </message>
    <message>
        <source>Unbekannte Konfigurations-ID</source>
        <translation>Unknown configuration ID</translation>
    </message>
    <message>
        <source>Die Konfigurations-ID „{id}“ ist nicht bekannt. Bekannte Szenarien: {known}.</source>
        <translation>The configuration ID “{id}” is not known. Known scenarios: {known}.</translation>
    </message>
    <message>
        <source>Prüfen Sie die Schreibweise oder bitten Sie Ihre Administration um die Szenario-Datei.</source>
        <translation>Check the spelling or ask your administrator for the scenario file.</translation>
    </message>
    <message>
        <source>Ungültige Konfigurations-ID</source>
        <translation>Invalid configuration ID</translation>
    </message>
    <message>
        <source>„{id}“ ist keine gültige Konfigurations-ID.</source>
        <translation>“{id}” is not a valid configuration ID.</translation>
    </message>
    <message>
        <source>Erlaubt sind Buchstaben, Ziffern, Punkt, Binde- und Unterstrich.</source>
        <translation>Letters, digits, full stop, hyphen and underscore are allowed.</translation>
    </message>
    <message>
        <source>Szenario-Datei fehlerhaft</source>
        <translation>Scenario file faulty</translation>
    </message>
    <message>
        <source>Die Szenario-Datei {path} ist fehlerhaft: {reason}</source>
        <translation>The scenario file {path} is faulty: {reason}</translation>
    </message>
    <message>
        <source>Bitte lassen Sie die Datei von Ihrer Administration korrigieren.</source>
        <translation>Please have your administrator correct the file.</translation>
    </message>
    <message>
        <source>Arbeitsverzeichnis nicht gefunden</source>
        <translation>Working directory not found</translation>
    </message>
    <message>
        <source>Das Arbeitsverzeichnis „{name}“ existiert nicht.</source>
        <translation>The working directory “{name}” does not exist.</translation>
    </message>
    <message>
        <source>Fügen Sie es über „Konfigurations-ID hinzufügen“ hinzu.</source>
        <translation>Add it with “Add configuration ID”.</translation>
    </message>
    <message>
        <source>Nicht gelöscht</source>
        <translation>Not deleted</translation>
    </message>
    <message>
        <source>Das Arbeitsverzeichnis {path} wurde nicht gelöscht, weil die Bestätigung fehlt.</source>
        <translation>The working directory {path} was not deleted because the confirmation is missing.</translation>
    </message>
    <message>
        <source>Löschen verweigert</source>
        <translation>Deletion refused</translation>
    </message>
    <message>
        <source>Das Arbeitsverzeichnis {path} enthält einen Nachrichtenspeicher ({count} Dateien) und wird deshalb nicht gelöscht.</source>
        <translation>The working directory {path} contains a message store ({count} files) and is therefore not deleted.</translation>
    </message>
    <message>
        <source>Sichern oder exportieren Sie die Nachrichten zuerst. Nur die Administration kann das Löschen erzwingen.</source>
        <translation>Back up or export the messages first. Only the administrator can force the deletion.</translation>
    </message>
    <message>
        <source>Arbeitsverzeichnis bereits geöffnet</source>
        <translation>Working directory already open</translation>
    </message>
    <message>
        <source>Das Arbeitsverzeichnis {path} ist bereits geöffnet von {who}.</source>
        <translation>The working directory {path} is already opened by {who}.</translation>
    </message>
    <message>
        <source>Sie können trotzdem starten: Abholen, Senden und Löschen laufen nie doppelt.</source>
        <translation>You can start anyway: fetching, sending and deleting never run twice.</translation>
    </message>
    <message>
        <source>Vorgang läuft bereits</source>
        <translation>Operation already running</translation>
    </message>
    <message>
        <source>{operation} läuft gerade in {who} für dieses Postfach.</source>
        <translation>{operation} is currently running in {who} for this mailbox.</translation>
    </message>
    <message>
        <source>Warten Sie, bis der andere Vorgang beendet ist, und versuchen Sie es erneut.</source>
        <translation>Wait until the other operation has finished, then try again.</translation>
    </message>
    <message>
        <source>Einstellungen fehlerhaft</source>
        <translation>Settings faulty</translation>
    </message>
    <message>
        <source>Die Einstellungsdatei {path} ist fehlerhaft: {reason}</source>
        <translation>The settings file {path} is faulty: {reason}</translation>
    </message>
    <message>
        <source>Korrigieren oder entfernen Sie die Datei; ohne Datei gelten die Standardwerte.</source>
        <translation>Correct or remove the file; without the file, the default values apply.</translation>
    </message>
    <message>
        <source>Einstellungen einer neueren Version</source>
        <translation>Settings from a newer version</translation>
    </message>
    <message>
        <source>Die Einstellungsdatei {path} stammt von einer neueren Programmversion (Schema {version}, unterstützt bis {supported}).</source>
        <translation>The settings file {path} comes from a newer program version (schema {version}, supported up to {supported}).</translation>
    </message>
    <message>
        <source>Bitte verwenden Sie die neuere Programmversion.</source>
        <translation>Please use the newer program version.</translation>
    </message>
    <message>
        <source>Nachrichteninhalt fehlerhaft</source>
        <translation>Message content faulty</translation>
    </message>
    <message>
        <source>Der Nachrichteninhalt konnte nicht verarbeitet werden ({kind}).</source>
        <translation>The message content could not be processed ({kind}).</translation>
    </message>
    <message>
        <source>XML-Datei nicht lesbar</source>
        <translation>XML file not readable</translation>
    </message>
    <message>
        <source>Die Datei „{document}“ ist kein zulässiges XML: {reason}</source>
        <translation>The file “{document}” is not permissible XML: {reason}</translation>
    </message>
    <message>
        <source>Die Datei bleibt unverändert gespeichert.</source>
        <translation>The file remains stored unchanged.</translation>
    </message>
    <message>
        <source>XJustiz-Schemata unvollständig</source>
        <translation>XJustiz schemas incomplete</translation>
    </message>
    <message>
        <source>Im XJustiz-Schemaordner {folder} fehlt „{missing}“ oder ist nicht lesbar. {reason}</source>
        <translation>In the XJustiz schema folder {folder}, “{missing}” is missing or not readable. {reason}</translation>
    </message>
    <message>
        <source>Legen Sie dort die vollständigen XSD-Dateien der gültigen XJustiz-Version ab oder entfernen Sie die Einstellung; ohne Schemata wird nicht gegen das XSD geprüft.</source>
        <translation>Place the complete XSD files of the valid XJustiz version there or remove the setting; without schemas, no validation against the XSD takes place.</translation>
    </message>
    <message>
        <source>Strukturdatensatz ungültig</source>
        <translation>Structured data record invalid</translation>
    </message>
    <message>
        <source>Der erzeugte Strukturdatensatz „{document}“ entspricht nicht dem XJustiz-Schema ({count} Fehler, zuerst: {first}). Die Nachricht wurde nicht gesendet.</source>
        <translation>The generated structured data record “{document}” does not conform to the XJustiz schema ({count} errors, first: {first}). The message was not sent.</translation>
    </message>
    <message>
        <source>Prüfen Sie Absender, Empfänger und Aktenzeichen. Bleibt der Fehler, wenden Sie sich an den Support.</source>
        <translation>Check sender, recipient and file number. If the error persists, contact support.</translation>
    </message>
    <message>
        <source>Nachricht unvollständig</source>
        <translation>Message incomplete</translation>
    </message>
    <message>
        <source>Die Angabe „{field}“ fehlt oder ist ungültig ({reason}).</source>
        <translation>The entry “{field}” is missing or invalid ({reason}).</translation>
    </message>
    <message>
        <source>Ergänzen oder korrigieren Sie die Angabe und senden Sie erneut.</source>
        <translation>Complete or correct the entry and send again.</translation>
    </message>
    <message>
        <source>Kein eEB möglich</source>
        <translation>No eEB possible</translation>
    </message>
    <message>
        <source>Auf diese Nachricht kann kein elektronisches Empfangsbekenntnis abgegeben werden: {reason}.</source>
        <translation>No electronic acknowledgement of receipt (eEB) can be given for this message: {reason}.</translation>
    </message>
    <message>
        <source>Ein eEB ist nur möglich, wenn der Strukturdatensatz der Nachricht es anfordert.</source>
        <translation>An eEB (electronic acknowledgement of receipt) is only possible if the message's structured data record requests it.</translation>
    </message>
    <message>
        <source>Codeliste nicht lesbar</source>
        <translation>Code list not readable</translation>
    </message>
    <message>
        <source>Die Codeliste {path} ist nicht lesbar: {reason}</source>
        <translation>The code list {path} is not readable: {reason}</translation>
    </message>
    <message>
        <source>Legen Sie die offizielle Codeliste (genericode-XML aus dem XRepository) ab.</source>
        <translation>Place the official code list there (genericode XML from the XRepository).</translation>
    </message>
    <message>
        <source>Dienst nicht verfügbar</source>
        <translation>Service not available</translation>
    </message>
    <message>
        <source>Der {service} ({url}) konnte die Anfrage nicht bearbeiten: {reason}</source>
        <translation>The {service} ({url}) could not process the request: {reason}</translation>
    </message>
    <message>
        <source>Versuchen Sie es später erneut.</source>
        <translation>Try again later.</translation>
    </message>
    <message>
        <source>Dienst nicht erreichbar</source>
        <translation>Service not reachable</translation>
    </message>
    <message>
        <source>Der {service} unter {url} ist nicht erreichbar ({reason}).</source>
        <translation>The {service} at {url} is not reachable ({reason}).</translation>
    </message>
    <message>
        <source>Prüfen Sie die Netzwerkverbindung und die Proxy-Einstellungen und versuchen Sie es später erneut.</source>
        <translation>Check the network connection and the proxy settings and try again later.</translation>
    </message>
    <message>
        <source>Unerwartete Antwort</source>
        <translation>Unexpected response</translation>
    </message>
    <message>
        <source>Der {service} unter {url} hat unerwartet geantwortet ({reason}).</source>
        <translation>The {service} at {url} responded unexpectedly ({reason}).</translation>
    </message>
    <message>
        <source>Möglicherweise ist die Adresse im Szenario falsch. Wenden Sie sich an Ihre Administration.</source>
        <translation>The address in the scenario may be wrong. Contact your administrator.</translation>
    </message>
    <message>
        <source>Anfrage abgelehnt</source>
        <translation>Request refused</translation>
    </message>
    <message>
        <source>Der {service} hat die Anfrage abgelehnt: {text} (Code {code}).</source>
        <translation>The {service} refused the request: {text} (code {code}).</translation>
    </message>
    <message>
        <source>Versuchen Sie es später erneut. Bleibt der Fehler, wenden Sie sich an den Support.</source>
        <translation>Try again later. If the error persists, contact support.</translation>
    </message>
    <message>
        <source>Eintrag nicht gefunden</source>
        <translation>Entry not found</translation>
    </message>
    <message>
        <source>Im Verzeichnisdienst gibt es keinen Eintrag mit der SAFE-ID {safe_id}.</source>
        <translation>The directory service has no entry with the SAFE-ID {safe_id}.</translation>
    </message>
    <message>
        <source>Das Postfach wurde möglicherweise gelöscht. Suchen Sie den Empfänger erneut im Verzeichnis.</source>
        <translation>The mailbox may have been deleted. Search for the recipient in the directory again.</translation>
    </message>
    <message>
        <source>Vom Verzeichnisdienst abgelehnt</source>
        <translation>Refused by the directory service</translation>
    </message>
    <message>
        <source>{summary}. Auskunft des Dienstes: {text}</source>
        <translation>{summary}. Information from the service: {text}</translation>
    </message>
    <message>
        <source>Korrigieren Sie die Angabe und versuchen Sie es erneut.</source>
        <translation>Correct the entry and try again.</translation>
    </message>
    <message>
        <source>Verschlüsselung verweigert</source>
        <translation>Encryption refused</translation>
    </message>
    <message>
        <source>Für „{recipient}“ wird nicht verschlüsselt: {reason}</source>
        <translation>Messages to “{recipient}” are not encrypted: {reason}</translation>
    </message>
    <message>
        <source>Die Nachricht wurde nicht gesendet. Bitten Sie den Empfänger auf anderem Weg, ein gültiges Zertifikat im Verzeichnisdienst zu hinterlegen.</source>
        <translation>The message was not sent. Ask the recipient by other means to register a valid certificate in the directory service.</translation>
    </message>
    <message>
        <source>Favoriten nicht lesbar</source>
        <translation>Favourites not readable</translation>
    </message>
    <message>
        <source>Die Favoritenliste {path} ist nicht lesbar: {reason}</source>
        <translation>The favourites list {path} is not readable: {reason}</translation>
    </message>
    <message>
        <source>Die Datei bleibt unverändert. Entfernen Sie sie, um mit einer leeren Liste zu beginnen.</source>
        <translation>The file remains unchanged. Remove it to start with an empty list.</translation>
    </message>
    <message>
        <source>Quarantäne-Fehler</source>
        <translation>Quarantine error</translation>
    </message>
    <message>
        <source>Bei der Virenprüfung oder Freigabe ist ein Fehler aufgetreten ({kind}).</source>
        <translation>An error occurred during the virus scan or release ({kind}).</translation>
    </message>
    <message>
        <source>Die Datei bleibt in der Quarantäne. Bitte wenden Sie sich mit der Protokolldatei an den Support.</source>
        <translation>The file remains in quarantine. Please contact support and provide the log file.</translation>
    </message>
    <message>
        <source>Virenscanner falsch eingestellt</source>
        <translation>Virus scanner misconfigured</translation>
    </message>
    <message>
        <source>Die Einstellung {setting} = „{value}“ ist nicht verwendbar: {reason}.</source>
        <translation>The setting {setting} = “{value}” cannot be used: {reason}.</translation>
    </message>
    <message>
        <source>Bitte lassen Sie die Virenscanner-Einstellungen von Ihrer Administration korrigieren. Bis dahin bleiben alle Anhänge in der Quarantäne.</source>
        <translation>Please have your administrator correct the virus scanner settings. Until then, all attachments remain in quarantine.</translation>
    </message>
    <message>
        <source>Virensignaturen fehlen</source>
        <translation>Virus signatures missing</translation>
    </message>
    <message>
        <source>Der Signaturordner des Virenscanners ({path}) ist nicht verwendbar: {reason}.</source>
        <translation>The virus scanner's signature folder ({path}) cannot be used: {reason}.</translation>
    </message>
    <message>
        <source>Die Administration muss in den Einstellungen (scanner.signature_dir) den Ordner mit der ClamAV-Datenbank angeben. Bis dahin bleiben alle Anhänge in der Quarantäne.</source>
        <translation>The administrator must specify the folder with the ClamAV database in the settings (scanner.signature_dir). Until then, all attachments remain in quarantine.</translation>
    </message>
    <message>
        <source>Virenscanner startet nicht</source>
        <translation>Virus scanner does not start</translation>
    </message>
    <message>
        <source>Der Virenscanner ({executable}) konnte nicht gestartet werden: {reason}.</source>
        <translation>The virus scanner ({executable}) could not be started: {reason}.</translation>
    </message>
    <message>
        <source>Anhänge bleiben in der Quarantäne, bis eine Prüfung möglich ist. Details stehen in der Protokolldatei; bitte wenden Sie sich an Ihre Administration.</source>
        <translation>Attachments remain in quarantine until a scan is possible. Details are in the log file; please contact your administrator.</translation>
    </message>
    <message>
        <source>Virenscanner nicht erreichbar</source>
        <translation>Virus scanner not reachable</translation>
    </message>
    <message>
        <source>Der Virenscanner unter {address} antwortet nicht: {reason}.</source>
        <translation>The virus scanner at {address} does not respond: {reason}.</translation>
    </message>
    <message>
        <source>Anhänge bleiben in der Quarantäne. Prüfen Sie später erneut oder wenden Sie sich an Ihre Administration.</source>
        <translation>Attachments remain in quarantine. Scan again later or contact your administrator.</translation>
    </message>
    <message>
        <source>Freigabe verweigert</source>
        <translation>Release refused</translation>
    </message>
    <message>
        <source>Die Datei „{name}“ ist mit Schadsoftware befallen ({detail}) und kann nicht freigegeben werden.</source>
        <translation>The file “{name}” is infected with malware ({detail}) and cannot be released.</translation>
    </message>
    <message>
        <source>Die Datei „{name}“ wurde noch nicht sicher geprüft und kann nicht freigegeben werden.</source>
        <translation>The file “{name}” has not yet been reliably scanned and cannot be released.</translation>
    </message>
    <message>
        <source>Das Prüfergebnis gehört nicht zum gespeicherten Inhalt der Datei „{name}“.</source>
        <translation>The scan result does not belong to the stored content of the file “{name}”.</translation>
    </message>
    <message>
        <source>„{name}“ ist vom Typ {kind}; dieser Typ darf nicht in den Transferordner.</source>
        <translation>“{name}” is of type {kind}; this type may not be placed in the transfer folder.</translation>
    </message>
    <message>
        <source>Name und Inhalt der Datei „{name}“ passen nicht zusammen (Inhalt: {kind}).</source>
        <translation>Name and content of the file “{name}” do not match (content: {kind}).</translation>
    </message>
    <message>
        <source>Beim Freigeben der Datei „{name}“ weicht der Inhalt vom geprüften ab; nichts wurde freigegeben.</source>
        <translation>While releasing the file “{name}”, its content differs from the scanned content; nothing was released.</translation>
    </message>
    <message>
        <source>Im Transferordner gibt es „{name}“ und alle nummerierten Varianten bereits.</source>
        <translation>The transfer folder already contains “{name}” and all numbered variants.</translation>
    </message>
    <message>
        <source>Die Datei „{name}“ kann nicht freigegeben werden.</source>
        <translation>The file “{name}” cannot be released.</translation>
    </message>
    <message>
        <source>Sie können die Datei mit Begründung löschen.</source>
        <translation>You can delete the file, stating a reason.</translation>
    </message>
    <message>
        <source>Prüfen Sie die Datei erneut auf Viren.</source>
        <translation>Scan the file for viruses again.</translation>
    </message>
    <message>
        <source>Erlaubt sind die in den Einstellungen genannten Typen (üblich: PDF, TIFF, XML, Signaturdateien).</source>
        <translation>The types named in the settings are allowed (usually: PDF, TIFF, XML, signature files).</translation>
    </message>
    <message>
        <source>Solche Dateien werden aus Sicherheitsgründen nicht freigegeben.</source>
        <translation>For security reasons, such files are not released.</translation>
    </message>
    <message>
        <source>Prüfen Sie die Datei erneut. Bleibt der Fehler, wenden Sie sich an den Support.</source>
        <translation>Scan the file again. If the error persists, contact support.</translation>
    </message>
    <message>
        <source>Räumen Sie den Transferordner auf und geben Sie die Datei erneut frei.</source>
        <translation>Clean up the transfer folder and release the file again.</translation>
    </message>
    <message>
        <source>Transferordner fehlt</source>
        <translation>Transfer folder missing</translation>
    </message>
    <message>
        <source>Der Transferordner {path} ist nicht verwendbar: {reason}.</source>
        <translation>The transfer folder {path} cannot be used: {reason}.</translation>
    </message>
    <message>
        <source>Prüfen Sie die Einstellung „Transferordner“ (transfer_dir) dieses Arbeitsverzeichnisses.</source>
        <translation>Check the “Transfer folder” setting (transfer_dir) of this working directory.</translation>
    </message>
    <message>
        <source>Freigabe fehlgeschlagen</source>
        <translation>Release failed</translation>
    </message>
    <message>
        <source>Die Datei konnte nicht in den Transferordner geschrieben werden ({path}): {reason}.</source>
        <translation>The file could not be written to the transfer folder ({path}): {reason}.</translation>
    </message>
    <message>
        <source>Es wurde keine unvollständige Datei hinterlassen. Prüfen Sie den freien Speicherplatz und die Rechte des Transferordners.</source>
        <translation>No incomplete file was left behind. Check the free disk space and the permissions of the transfer folder.</translation>
    </message>
    <message>
        <source>Einstellung fehlerhaft</source>
        <translation>Setting faulty</translation>
    </message>
    <message>
        <source>Der Dateityp „{token}“ in allowed_transfer_types ist unbekannt. Bekannte Typen: {known}.</source>
        <translation>The file type “{token}” in allowed_transfer_types is unknown. Known types: {known}.</translation>
    </message>
    <message>
        <source>Korrigieren Sie die Einstellung allowed_transfer_types.</source>
        <translation>Correct the setting allowed_transfer_types.</translation>
    </message>
    <message>
        <source>Fehler im Nachrichtenspeicher</source>
        <translation>Error in the message store</translation>
    </message>
    <message>
        <source>Der verschlüsselte Nachrichtenspeicher meldet einen Fehler ({kind}).</source>
        <translation>The encrypted message store reports an error ({kind}).</translation>
    </message>
    <message>
        <source>Es wurden keine Nachrichten verändert. Bitte wenden Sie sich mit der Protokolldatei an den Support.</source>
        <translation>No messages were changed. Please contact support and provide the log file.</translation>
    </message>
    <message>
        <source>Kein Nachrichtenspeicher</source>
        <translation>No message store</translation>
    </message>
    <message>
        <source>Im Arbeitsverzeichnis gibt es keinen Nachrichtenspeicher ({folder}).</source>
        <translation>There is no message store in the working directory ({folder}).</translation>
    </message>
    <message>
        <source>Richten Sie das Postfach ein oder stellen Sie eine Sicherung wieder her.</source>
        <translation>Set up the mailbox or restore a backup.</translation>
    </message>
    <message>
        <source>Nachrichtenspeicher vorhanden</source>
        <translation>Message store already exists</translation>
    </message>
    <message>
        <source>In {folder} gibt es bereits einen Nachrichtenspeicher.</source>
        <translation>There is already a message store in {folder}.</translation>
    </message>
    <message>
        <source>Öffnen Sie den vorhandenen Speicher mit seinem Passwort.</source>
        <translation>Open the existing store with its password.</translation>
    </message>
    <message>
        <source>Falsches Passwort</source>
        <translation>Wrong password</translation>
    </message>
    <message>
        <source>Das Passwort öffnet den Nachrichtenspeicher nicht.</source>
        <translation>The password does not open the message store.</translation>
    </message>
    <message>
        <source>Achten Sie auf Groß- und Kleinschreibung und die Feststelltaste. Es wurde nichts verändert.</source>
        <translation>Mind upper and lower case and the Caps Lock key. Nothing was changed.</translation>
    </message>
    <message>
        <source>Passwort zu schwach</source>
        <translation>Password too weak</translation>
    </message>
    <message>
        <source>Das neue Passwort muss mindestens {min} Zeichen lang sein.</source>
        <translation>The new password must be at least {min} characters long.</translation>
    </message>
    <message>
        <source>Schlüsseldatei beschädigt</source>
        <translation>Key file damaged</translation>
    </message>
    <message>
        <source>Die Schlüsseldatei {path} des Nachrichtenspeichers ist beschädigt.</source>
        <translation>The key file {path} of the message store is damaged.</translation>
    </message>
    <message>
        <source>Stellen Sie die Datei aus einer Sicherung wieder her oder öffnen Sie den Speicher mit dem Wiederherstellungsschlüssel der Behörde.</source>
        <translation>Restore the file from a backup or open the store with the authority's recovery key.</translation>
    </message>
    <message>
        <source>Keine Wiederherstellung eingerichtet</source>
        <translation>No recovery set up</translation>
    </message>
    <message>
        <source>Für diesen Nachrichtenspeicher ist kein Wiederherstellungszertifikat hinterlegt.</source>
        <translation>No recovery certificate is stored for this message store.</translation>
    </message>
    <message>
        <source>Der Speicher lässt sich nur mit dem Postfach-Passwort öffnen.</source>
        <translation>The store can only be opened with the mailbox password.</translation>
    </message>
    <message>
        <source>Falscher Wiederherstellungsschlüssel</source>
        <translation>Wrong recovery key</translation>
    </message>
    <message>
        <source>Der Schlüssel gehört nicht zum hinterlegten Wiederherstellungszertifikat (SHA-256-Fingerabdruck {fingerprint}…).</source>
        <translation>The key does not belong to the stored recovery certificate (SHA-256 fingerprint {fingerprint}…).</translation>
    </message>
    <message>
        <source>Verwenden Sie den Schlüssel zu diesem Zertifikat.</source>
        <translation>Use the key that belongs to this certificate.</translation>
    </message>
    <message>
        <source>Virenprüfung neu gestartet</source>
        <translation>Virus check restarted</translation>
    </message>
    <message>
        <source>Die Einstellungen der Virenprüfung wurden geändert, während sie startete.</source>
        <translation>The virus check settings were changed while it was starting.</translation>
    </message>
    <message>
        <source>Bitte wiederholen Sie den Vorgang. Es gingen keine Daten verloren.</source>
        <translation>Please repeat the operation. No data was lost.</translation>
    </message>
    <message>
        <source>Zertifikat nicht verwendbar</source>
        <translation>Certificate not usable</translation>
    </message>
    <message>
        <source>Das Wiederherstellungszertifikat ist nicht verwendbar: {reason}.</source>
        <translation>The recovery certificate cannot be used: {reason}.</translation>
    </message>
    <message>
        <source>Verwenden Sie ein Zertifikat mit einem RSA-Schlüssel von mindestens 2048 Bit.</source>
        <translation>Use a certificate with an RSA key of at least 2048 bits.</translation>
    </message>
    <message>
        <source>Zurücksetzen nicht möglich</source>
        <translation>Reset not possible</translation>
    </message>
    <message>
        <source>Ein neues Passwort ohne das alte kann nur nach dem Öffnen mit dem Wiederherstellungsschlüssel gesetzt werden.</source>
        <translation>A new password without the old one can only be set after opening with the recovery key.</translation>
    </message>
    <message>
        <source>Neueres Dateiformat</source>
        <translation>Newer file format</translation>
    </message>
    <message>
        <source>Die Datei {path} wurde von einer neueren Programmversion geschrieben (Format {version}, unterstützt bis {supported}).</source>
        <translation>The file {path} was written by a newer program version (format {version}, supported up to {supported}).</translation>
    </message>
    <message>
        <source>Installieren Sie die aktuelle Version des Programms.</source>
        <translation>Install the current version of the program.</translation>
    </message>
    <message>
        <source>Neuere Datenbankversion</source>
        <translation>Newer database version</translation>
    </message>
    <message>
        <source>Der Nachrichtenspeicher wurde von einer neueren Programmversion angelegt (Version {version}, unterstützt bis {supported}).</source>
        <translation>The message store was created by a newer program version (version {version}, supported up to {supported}).</translation>
    </message>
    <message>
        <source>Installieren Sie die aktuelle Version des Programms. Der Speicher wurde nicht verändert.</source>
        <translation>Install the current version of the program. The store was not changed.</translation>
    </message>
    <message>
        <source>Nachrichtenspeicher beschädigt</source>
        <translation>Message store damaged</translation>
    </message>
    <message>
        <source>Der Nachrichtenspeicher {path} ist beschädigt oder gehört nicht zu diesem Schlüssel.</source>
        <translation>The message store {path} is damaged or does not belong to this key.</translation>
    </message>
    <message>
        <source>Stellen Sie den Speicher aus einer Sicherung wieder her.</source>
        <translation>Restore the store from a backup.</translation>
    </message>
    <message>
        <source>Speicher belegt</source>
        <translation>Store busy</translation>
    </message>
    <message>
        <source>Ein anderes Programmfenster hat den Nachrichtenspeicher länger als {seconds} Sekunden belegt.</source>
        <translation>Another program window has kept the message store busy for longer than {seconds} seconds.</translation>
    </message>
    <message>
        <source>Warten Sie, bis der Abruf oder Versand im anderen Fenster beendet ist, und versuchen Sie es erneut.</source>
        <translation>Wait until fetching or sending in the other window has finished, then try again.</translation>
    </message>
    <message>
        <source>Speichern nicht möglich</source>
        <translation>Saving not possible</translation>
    </message>
    <message>
        <source>In den Nachrichtenspeicher {path} konnte nicht geschrieben werden: {reason}.</source>
        <translation>The message store {path} could not be written to: {reason}.</translation>
    </message>
    <message>
        <source>Prüfen Sie den freien Speicherplatz und die Schreibrechte. Bereits gespeicherte Nachrichten sind nicht betroffen.</source>
        <translation>Check the free disk space and the write permissions. Messages already stored are not affected.</translation>
    </message>
    <message>
        <source>Nicht möglich</source>
        <translation>Not possible</translation>
    </message>
    <message>
        <source>Die Nachricht {id} kann in ihrem jetzigen Zustand nicht so geändert werden.</source>
        <translation>The message {id} cannot be changed in this way in its current state.</translation>
    </message>
    <message>
        <source>Gesendete Nachrichten können nicht mehr bearbeitet werden.</source>
        <translation>Sent messages can no longer be edited.</translation>
    </message>
    <message>
        <source>Inhalt gelöscht</source>
        <translation>Content deleted</translation>
    </message>
    <message>
        <source>Der Inhalt dieses Anhangs wurde gelöscht; nur seine Angaben sind erhalten.</source>
        <translation>The content of this attachment was deleted; only its details are kept.</translation>
    </message>
    <message>
        <source>Freigabe nicht möglich</source>
        <translation>Release not possible</translation>
    </message>
    <message>
        <source>Der Anhang {id} kann nicht freigegeben werden: Er ist nicht als unbedenklich geprüft oder sein Inhalt stimmt nicht mit dem geprüften überein.</source>
        <translation>The attachment {id} cannot be released: it has not been scanned as safe or its content does not match the scanned content.</translation>
    </message>
    <message>
        <source>Lassen Sie den Anhang erneut prüfen.</source>
        <translation>Have the attachment scanned again.</translation>
    </message>
    <message>
        <source>Datei fehlt</source>
        <translation>File missing</translation>
    </message>
    <message>
        <source>Eine Datei des Nachrichtenspeichers fehlt ({path}).</source>
        <translation>A file of the message store is missing ({path}).</translation>
    </message>
    <message>
        <source>Datei beschädigt</source>
        <translation>File damaged</translation>
    </message>
    <message>
        <source>Eine Datei des Nachrichtenspeichers ist beschädigt oder wurde verändert.</source>
        <translation>A file of the message store is damaged or was altered.</translation>
    </message>
    <message>
        <source>Der Inhalt wird nicht angezeigt. Stellen Sie den Speicher aus einer Sicherung wieder her.</source>
        <translation>The content is not displayed. Restore the store from a backup.</translation>
    </message>
    <message>
        <source>Passwort kann nicht gemerkt werden</source>
        <translation>Password cannot be remembered</translation>
    </message>
    <message>
        <source>Auf diesem Rechner ist kein sicherer Passwortspeicher des Betriebssystems aktiv.</source>
        <translation>No secure password store of the operating system is active on this computer.</translation>
    </message>
    <message>
        <source>Das Passwort muss bei jedem Start eingegeben werden.</source>
        <translation>The password must be entered at every start.</translation>
    </message>
    <message>
        <source>Das Passwort öffnet die Sicherung {path} nicht.</source>
        <translation>The password does not open the backup {path}.</translation>
    </message>
    <message>
        <source>Eine Sicherung öffnet sich mit dem Passwort, das zur Zeit der Sicherung galt.</source>
        <translation>A backup opens with the password that was valid at the time of the backup.</translation>
    </message>
    <message>
        <source>Sicherung beschädigt</source>
        <translation>Backup damaged</translation>
    </message>
    <message>
        <source>Die Datei {path} ist keine gültige Sicherung oder wurde verändert.</source>
        <translation>The file {path} is not a valid backup or was altered.</translation>
    </message>
    <message>
        <source>Es wurde nichts wiederhergestellt. Verwenden Sie eine andere Sicherung.</source>
        <translation>Nothing was restored. Use a different backup.</translation>
    </message>
    <message>
        <source>Ziel nicht leer</source>
        <translation>Target not empty</translation>
    </message>
    <message>
        <source>Am Ziel {path} gibt es bereits Daten.</source>
        <translation>There is already data at the target {path}.</translation>
    </message>
    <message>
        <source>Stellen Sie in ein neues, leeres Arbeitsverzeichnis wieder her.</source>
        <translation>Restore into a new, empty working directory.</translation>
    </message>
    <message>
        <source>Wiederherstellung abgebrochen</source>
        <translation>Restore aborted</translation>
    </message>
    <message>
        <source>Die wiederhergestellten Daten aus {path} sind nicht vollständig ({count} Probleme).</source>
        <translation>The restored data from {path} is incomplete ({count} problems).</translation>
    </message>
    <message>
        <source>Es wurde nichts übernommen. Verwenden Sie eine andere Sicherung.</source>
        <translation>Nothing was taken over. Use a different backup.</translation>
    </message>
    <message>
        <source>Übertragungsfehler</source>
        <translation>Transmission error</translation>
    </message>
    <message>
        <source>Die Nachricht entspricht nicht dem OSCI-Protokoll ({kind}: {detail}).</source>
        <translation>The message does not conform to the OSCI protocol ({kind}: {detail}).</translation>
    </message>
    <message>
        <source>Es gingen keine Daten verloren. Bleibt der Fehler, wenden Sie sich an den Support.</source>
        <translation>No data was lost. If the error persists, contact support.</translation>
    </message>
    <message>
        <source>Nachricht nicht lesbar</source>
        <translation>Message not readable</translation>
    </message>
    <message>
        <source>Eine empfangene Nachricht ist beschädigt oder keine gültige OSCI-Nachricht: {reason}</source>
        <translation>A received message is damaged or not a valid OSCI message: {reason}</translation>
    </message>
    <message>
        <source>Die Nachricht wurde nicht verarbeitet und bleibt beim Intermediär. Es gingen keine Daten verloren. Bleibt der Fehler, wenden Sie sich an den Support.</source>
        <translation>The message was not processed and remains with the intermediary. No data was lost. If the error persists, contact support.</translation>
    </message>
    <message>
        <source>Der Intermediär hat den Auftrag abgelehnt</source>
        <translation>The intermediary refused the request</translation>
    </message>
    <message>
        <source>Rückmeldung {code}: {meaning}.</source>
        <translation>Feedback {code}: {meaning}.</translation>
    </message>
    <message>
        <source>Die Nachrichtenkennung war bereits vergeben; die Nachricht wird neu gesendet.</source>
        <translation>The message ID had already been assigned; the message will be sent again.</translation>
    </message>
    <message>
        <source>Es liegen keine weiteren Nachrichten vor.</source>
        <translation>There are no further messages.</translation>
    </message>
    <message>
        <source>Bitte erneut versuchen.</source>
        <translation>Please try again.</translation>
    </message>
    <message>
        <source>Der Intermediär hat die Nachricht zurückgewiesen</source>
        <translation>The intermediary rejected the message</translation>
    </message>
    <message>
        <source>Fehler {code}: {meaning}.</source>
        <translation>Error {code}: {meaning}.</translation>
    </message>
    <message>
        <source>Das Verschlüsselungszertifikat des Intermediärs in Ihrem Arbeitsverzeichnis ist veraltet. Bitten Sie Ihre Administration um das aktuelle Zertifikat.</source>
        <translation>The intermediary's encryption certificate in your working directory is out of date. Ask your administrator for the current certificate.</translation>
    </message>
    <message>
        <source>Der Dialog wurde zurückgesetzt. Bitte versuchen Sie es erneut.</source>
        <translation>The dialogue was reset. Please try again.</translation>
    </message>
    <message>
        <source>Dialog gestört</source>
        <translation>Dialogue disrupted</translation>
    </message>
    <message>
        <source>Die Antwort des Intermediärs passt nicht zur Anfrage ({field}).</source>
        <translation>The intermediary's response does not match the request ({field}).</translation>
    </message>
    <message>
        <source>Der Dialog wurde verworfen. Bitte versuchen Sie es erneut; es gingen keine Daten verloren.</source>
        <translation>The dialogue was discarded. Please try again; no data was lost.</translation>
    </message>
    <message>
        <source>Signatur ungültig</source>
        <translation>Signature invalid</translation>
    </message>
    <message>
        <source>Eine Signatur der Nachricht ist nicht gültig: {reason}.</source>
        <translation>A signature of the message is not valid: {reason}.</translation>
    </message>
    <message>
        <source>Die Nachricht wurde nicht als gültig angenommen. Wenden Sie sich an den Support.</source>
        <translation>The message was not accepted as valid. Contact support.</translation>
    </message>
    <message>
        <source>Das Zertifikat ({role}) ist nicht verwendbar: {reason}.</source>
        <translation>The certificate ({role}) cannot be used: {reason}.</translation>
    </message>
    <message>
        <source>Bitten Sie Ihre Administration um ein gültiges Zertifikat.</source>
        <translation>Ask your administrator for a valid certificate.</translation>
    </message>
    <message>
        <source>Schlüssel nicht geöffnet</source>
        <translation>Key not opened</translation>
    </message>
    <message>
        <source>Der Schlüssel ({role}) ließ sich mit diesem Passwort nicht öffnen.</source>
        <translation>The key ({role}) could not be opened with this password.</translation>
    </message>
    <message>
        <source>Prüfen Sie das Passwort (PIN) des Postfachs.</source>
        <translation>Check the password (PIN) of the mailbox.</translation>
    </message>
    <message>
        <source>Entschlüsselung fehlgeschlagen</source>
        <translation>Decryption failed</translation>
    </message>
    <message>
        <source>{what} ließ sich nicht entschlüsseln ({reason}).</source>
        <translation>{what} could not be decrypted ({reason}).</translation>
    </message>
    <message>
        <source>Die verschlüsselte Nachricht bleibt gespeichert. Prüfen Sie, ob der richtige Postfachschlüssel im Arbeitsverzeichnis liegt.</source>
        <translation>The encrypted message remains stored. Check whether the correct mailbox key is in the working directory.</translation>
    </message>
    <message>
        <source>Veraltetes Verfahren</source>
        <translation>Outdated method</translation>
    </message>
    <message>
        <source>Die Nachricht verwendet ein nicht mehr zulässiges Verfahren ({reason}).</source>
        <translation>The message uses a method that is no longer permitted ({reason}).</translation>
    </message>
    <message>
        <source>Alte Archive lassen sich nur mit einer ausdrücklichen Einstellung lesen.</source>
        <translation>Old archives can only be read with an explicit setting.</translation>
    </message>
    <message>
        <source>Unverschlüsselte Antwort</source>
        <translation>Unencrypted response</translation>
    </message>
    <message>
        <source>Der Intermediär hat unverschlüsselt geantwortet; die Antwort wurde verworfen.</source>
        <translation>The intermediary responded without encryption; the response was discarded.</translation>
    </message>
    <message>
        <source>Verbindungsproblem</source>
        <translation>Connection problem</translation>
    </message>
    <message>
        <source>Die Verbindung zu {url} ist fehlgeschlagen: {reason}</source>
        <translation>The connection to {url} failed: {reason}</translation>
    </message>
    <message>
        <source>Prüfen Sie die Netzwerkverbindung und die Proxy-Einstellung. Nichts wurde doppelt gesendet; ein erneuter Versuch ist gefahrlos.</source>
        <translation>Check the network connection and the proxy setting. Nothing was sent twice; trying again is safe.</translation>
    </message>
    <message>
        <source>Intermediär nicht erreichbar</source>
        <translation>Intermediary not reachable</translation>
    </message>
    <message>
        <source>Keine Verbindung zu {url}.</source>
        <translation>No connection to {url}.</translation>
    </message>
    <message>
        <source>Prüfen Sie die Netzwerkverbindung und die Proxy-Einstellung; die Nachricht bleibt im Postausgang und wird später erneut gesendet.</source>
        <translation>Check the network connection and the proxy setting; the message remains in the outbox and will be sent again later.</translation>
    </message>
    <message>
        <source>Zeitüberschreitung</source>
        <translation>Timeout</translation>
    </message>
    <message>
        <source>Der Intermediär {url} hat nicht rechtzeitig geantwortet.</source>
        <translation>The intermediary {url} did not respond in time.</translation>
    </message>
    <message>
        <source>Bitte später erneut versuchen; es wurde nichts doppelt gesendet.</source>
        <translation>Please try again later; nothing was sent twice.</translation>
    </message>
    <message>
        <source>Vom Proxy abgelehnt</source>
        <translation>Rejected by the proxy</translation>
    </message>
    <message>
        <source>Der Proxy hat die Nachricht abgelehnt: {reason}</source>
        <translation>The proxy rejected the message: {reason}</translation>
    </message>
    <message>
        <source>Große Nachrichten brauchen einen Proxy ohne Größenbeschränkung. Wenden Sie sich an Ihre IT.</source>
        <translation>Large messages need a proxy without a size limit. Contact your IT department.</translation>
    </message>
    <message>
        <source>Sichere Verbindung fehlgeschlagen</source>
        <translation>Secure connection failed</translation>
    </message>
    <message>
        <source>Das Serverzertifikat von {url} wurde nicht akzeptiert ({reason}).</source>
        <translation>The server certificate of {url} was not accepted ({reason}).</translation>
    </message>
    <message>
        <source>Wenden Sie sich an Ihre IT; die Verbindung wurde aus Sicherheitsgründen abgebrochen.</source>
        <translation>Contact your IT department; the connection was aborted for security reasons.</translation>
    </message>
    <message>
        <source>Der Server {url} antwortete mit HTTP {status}.</source>
        <translation>The server {url} responded with HTTP {status}.</translation>
    </message>
    <message>
        <source>Prüfen Sie die Adresse des Intermediärs im Szenario. Es gingen keine Daten verloren. Bleibt der Fehler, wenden Sie sich an den Support.</source>
        <translation>Check the intermediary's address in the scenario. No data was lost. If the error persists, contact support.</translation>
    </message>
    <message>
        <source>Datei fehlt im Arbeitsverzeichnis</source>
        <translation>File missing in the working directory</translation>
    </message>
    <message>
        <source>{what}: keine der Dateien {names} in {folder}.</source>
        <translation>{what}: none of the files {names} in {folder}.</translation>
    </message>
    <message>
        <source>Legen Sie die Datei von Ihrer Administration dort ab.</source>
        <translation>Place the file from your administrator there.</translation>
    </message>
    <message>
        <source>Eigene Visitenkarte fehlt</source>
        <translation>Own business card missing</translation>
    </message>
    <message>
        <source>Für dieses Postfach ist noch keine Visitenkarte hinterlegt ({path}).</source>
        <translation>No business card has been stored for this mailbox yet ({path}).</translation>
    </message>
    <message>
        <source>Registrieren Sie das Postfach im Verzeichnisdienst (Einstellungen → Verzeichnis).</source>
        <translation>Register the mailbox in the directory service (Settings → Directory).</translation>
    </message>
    <message>
        <source>Datei nicht geprüft</source>
        <translation>File not scanned</translation>
    </message>
    <message>
        <source>„{name}“ wurde noch nicht auf Schadsoftware geprüft.</source>
        <translation>“{name}” has not yet been scanned for malware.</translation>
    </message>
    <message>
        <source>Prüfen Sie die Datei erneut; erst danach kann sie übertragen werden.</source>
        <translation>Scan the file again; only then can it be transmitted.</translation>
    </message>
    <message>
        <source>Nachricht entspricht nicht den ERV-Regeln</source>
        <translation>Message does not comply with the ERV rules</translation>
    </message>
    <message>
        <source>Die Nachricht wurde nicht gesendet: {problems}</source>
        <translation>The message was not sent: {problems}</translation>
    </message>
    <message>
        <source>Korrigieren Sie die genannten Punkte und senden Sie erneut.</source>
        <translation>Correct the points mentioned and send again.</translation>
    </message>
    <message>
        <source>Kein Empfänger</source>
        <translation>No recipient</translation>
    </message>
    <message>
        <source>Bitte wählen Sie genau einen Empfänger aus dem Verzeichnisdienst.</source>
        <translation>Please choose exactly one recipient from the directory service.</translation>
    </message>
    <message>
        <source>Empfänger können nicht frei eingegeben werden, damit nichts fehlgeleitet wird.</source>
        <translation>Recipients cannot be entered freely, so that nothing is misdirected.</translation>
    </message>
    <message>
        <source>Auf diese Nachricht kann kein Empfangsbekenntnis abgegeben werden ({reason}).</source>
        <translation>No acknowledgement of receipt can be given for this message ({reason}).</translation>
    </message>
    <message>
        <source>Ein eEB ist nur möglich, wenn das Gericht es angefordert hat.</source>
        <translation>An eEB (electronic acknowledgement of receipt) is only possible if the court has requested it.</translation>
    </message>
    <message>
        <source>Passwort fehlt</source>
        <translation>Password missing</translation>
    </message>
    <message>
        <source>Das Postfach-Passwort wird in der Umgebungsvariablen {variable} erwartet.</source>
        <translation>The mailbox password is expected in the environment variable {variable}.</translation>
    </message>
    <message>
        <source>Setzen Sie die Variable vor dem Aufruf (nie als Kommandozeilen-Argument).</source>
        <translation>Set the variable before the call (never as a command-line argument).</translation>
    </message>
</context>
<context>
    <name>progress</name>
    <message>
        <source>Verbindung zum Intermediär wird aufgebaut</source>
        <translation>Connecting to the intermediary</translation>
    </message>
    <message>
        <source>{mb} MB übertragen</source>
        <translation>{mb} MB transferred</translation>
    </message>
    <message>
        <source>Nachricht {n} abgeholt</source>
        <translation>Message {n} fetched</translation>
    </message>
    <message>
        <source>Nachricht {n}: Dokument {number} von {total} gespeichert, Virenprüfung läuft ({name})</source>
        <translation>Message {n}: document {number} of {total} stored, virus check running ({name})</translation>
    </message>
    <message>
        <source>{name}: virenfrei</source>
        <translation>{name}: no malware found</translation>
    </message>
    <message>
        <source>{name}: Schadsoftware gefunden, bleibt in Quarantäne</source>
        <translation>{name}: malware found, stays in quarantine</translation>
    </message>
    <message>
        <source>{name}: nicht eindeutig geprüft</source>
        <translation>{name}: check inconclusive</translation>
    </message>
    <message>
        <source>Nachricht {n} verarbeitet</source>
        <translation>Message {n} processed</translation>
    </message>
    <message>
        <source>Empfänger wird im Verzeichnisdienst nachgeschlagen</source>
        <translation>Looking up the recipient in the directory</translation>
    </message>
    <message>
        <source>Zertifikat des Empfängers wird geprüft</source>
        <translation>Checking the recipient's certificate</translation>
    </message>
    <message>
        <source>Nachricht wird verschlüsselt, signiert und gesendet</source>
        <translation>Encrypting, signing and sending the message</translation>
    </message>
    <message>
        <source>Gesendet</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Sicherung wird geschrieben</source>
        <translation>Writing the backup</translation>
    </message>
    <message>
        <source>Sicherung abgeschlossen</source>
        <translation>Backup finished</translation>
    </message>
    <message>
        <source>Datei wird geprüft</source>
        <translation>Checking the file</translation>
    </message>
    <message>
        <source>Prüfung abgeschlossen</source>
        <translation>Check finished</translation>
    </message>
    <message>
        <source>Nachricht {n} von {total}</source>
        <translation>Message {n} of {total}</translation>
    </message>
    <message>
        <source>Export abgeschlossen</source>
        <translation>Export finished</translation>
    </message>
</context>
</TS>
