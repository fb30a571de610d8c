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
        <source>Suchen in Absender, Betreff, Aktenzeichen …</source>
        <translation>Search sender, subject, file number …</translation>
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
</TS>
