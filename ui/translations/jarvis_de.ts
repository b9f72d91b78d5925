<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AddProviderBox</name>
    <message>
        <source>Local endpoint: traffic stays on this machine.</source>
        <translation>Lokaler Endpunkt: Der Datenverkehr bleibt auf diesem Rechner.</translation>
    </message>
    <message>
        <source>Careful: {host} looks like {official} but is not it; look-alike hosts are used to steal keys. Approve it only if you run it.</source>
        <translation>Vorsicht: {host} sieht aus wie {official}, ist es aber nicht. Ähnlich aussehende Hosts werden benutzt, um Schlüssel zu stehlen. Geben Sie ihn nur frei, wenn Sie ihn selbst betreiben.</translation>
    </message>
    <message>
        <source>This address uses plain HTTP: the key and your messages cross the network unencrypted.</source>
        <translation>Diese Adresse verwendet unverschlüsseltes HTTP: Der Schlüssel und Ihre Nachrichten gehen unverschlüsselt über das Netz.</translation>
    </message>
    <message>
        <source>Add an OpenAI-compatible provider</source>
        <translation>OpenAI-kompatiblen Anbieter hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Base URL</source>
        <translation>&amp;Basis-URL</translation>
    </message>
    <message>
        <source>Nam&amp;e</source>
        <translation>Nam&amp;e</translation>
    </message>
    <message>
        <source>De&amp;fault model</source>
        <translation>Stan&amp;dardmodell</translation>
    </message>
    <message>
        <source>Other models</source>
        <translation>Weitere Modelle</translation>
    </message>
    <message>
        <source>comma-separated, optional</source>
        <translation>durch Kommas getrennt, optional</translation>
    </message>
    <message>
        <source>Needs an API key (add it under API keys once the provider is added)</source>
        <translation>Braucht einen API-Schlüssel (unter API-Schlüssel eintragen, sobald der Anbieter hinzugefügt ist)</translation>
    </message>
    <message>
        <source>I run or trust this endpoint: send its key there</source>
        <translation>Ich betreibe diesen Endpunkt oder vertraue ihm: Schlüssel dorthin senden</translation>
    </message>
    <message>
        <source>New provider problem</source>
        <translation>Problem mit dem neuen Anbieter</translation>
    </message>
    <message>
        <source>Add pr&amp;ovider</source>
        <translation>Anbieter &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add the provider</source>
        <translation>Den Anbieter hinzufügen</translation>
    </message>
</context>
<context>
    <name>AttachmentBar</name>
    <message>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <source>Why the images cannot go</source>
        <translation>Warum die Bilder nicht mitgehen können</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Image: {label}</source>
        <translation>Bild: {label}</translation>
    </message>
    <message>
        <source>Sent with your next message as a picture, to models that read images</source>
        <translation>Wird mit Ihrer nächsten Nachricht als Bild gesendet, an Modelle, die Bilder lesen können</translation>
    </message>
    <message>
        <source>Attachment: {label}</source>
        <translation>Anhang: {label}</translation>
    </message>
    <message>
        <source>Sent with your next message as data, not as instructions</source>
        <translation>Wird mit Ihrer nächsten Nachricht als Daten gesendet, nicht als Anweisungen</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>{name} entfernen</translation>
    </message>
    <message>
        <source>Remove this attachment</source>
        <translation>Diesen Anhang entfernen</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Could not open the conversation.</source>
        <translation>Die Unterhaltung konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Internal error: see the log file.</source>
        <translation>Interner Fehler: Details stehen in der Protokolldatei.</translation>
    </message>
    <message>
        <source>Waiting {seconds:.0f} s: {reason}</source>
        <translation>Warte {seconds:.0f} s: {reason}</translation>
    </message>
    <message>
        <source>Trying {provider} instead: {reason}</source>
        <translation>Versuche stattdessen {provider}: {reason}</translation>
    </message>
    <message>
        <source>Retrying {provider} (attempt {n})</source>
        <translation>Neuer Versuch bei {provider} (Versuch {n})</translation>
    </message>
    <message>
        <source>Asking {provider}…</source>
        <translation>Frage {provider} …</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Loading the image…</source>
        <translation>Bild wird geladen …</translation>
    </message>
</context>
<context>
    <name>DailySpendChart</name>
    <message>
        <source>Spend per day</source>
        <translation>Ausgaben pro Tag</translation>
    </message>
    <message>
        <source>No spend in this period.</source>
        <translation>Keine Ausgaben in diesem Zeitraum.</translation>
    </message>
    <message>
        <source> (some unpriced)</source>
        <translation> (teils ohne Preis)</translation>
    </message>
    <message>
        <source>No spend in this period</source>
        <translation>Keine Ausgaben in diesem Zeitraum</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>No system tray here: run “jarvis quick-ask” (bind it to a shortcut) for the quick-ask popup.</source>
        <translation>Hier gibt es keinen Infobereich: Starten Sie „jarvis quick-ask“ (am besten über ein Tastenkürzel), um das Schnellfrage-Fenster zu öffnen.</translation>
    </message>
    <message>
        <source>All requests paused.</source>
        <translation>Alle Anfragen angehalten.</translation>
    </message>
    <message>
        <source>Requests resumed.</source>
        <translation>Anfragen werden wieder gesendet.</translation>
    </message>
</context>
<context>
    <name>ImageThumb</name>
    <message>
        <source>Image: {label}</source>
        <translation>Bild: {label}</translation>
    </message>
</context>
<context>
    <name>KeysPane</name>
    <message>
        <source>Keychain</source>
        <translation>Schlüsselbund</translation>
    </message>
    <message>
        <source>Checking the key with {p}…</source>
        <translation>Schlüssel wird bei {p} geprüft …</translation>
    </message>
    <message>
        <source>The key was not stored: </source>
        <translation>Der Schlüssel wurde nicht gespeichert: </translation>
    </message>
    <message>
        <source>The key was not stored: {why}</source>
        <translation>Der Schlüssel wurde nicht gespeichert: {why}</translation>
    </message>
    <message>
        <source>{p} rejected the key; it was not stored and the previous key (if any) stays. {why}</source>
        <translation>{p} hat den Schlüssel abgelehnt; er wurde nicht gespeichert, ein bisheriger Schlüssel bleibt erhalten. {why}</translation>
    </message>
    <message>
        <source>Key saved. {why}</source>
        <translation>Schlüssel gespeichert. {why}</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet …</translation>
    </message>
    <message>
        <source>Key deleted.</source>
        <translation>Schlüssel gelöscht.</translation>
    </message>
    <message>
        <source>There was no stored key to delete.</source>
        <translation>Es gab keinen gespeicherten Schlüssel zum Löschen.</translation>
    </message>
    <message>
        <source>That passphrase does not open the vault.</source>
        <translation>Diese Passphrase öffnet den Tresor nicht.</translation>
    </message>
    <message>
        <source>The vault cannot be opened: {why}</source>
        <translation>Der Tresor lässt sich nicht öffnen: {why}</translation>
    </message>
    <message>
        <source>Vault unlocked.</source>
        <translation>Tresor entsperrt.</translation>
    </message>
    <message>
        <source>Vault locked.</source>
        <translation>Tresor gesperrt.</translation>
    </message>
    <message>
        <source>Keychain: {name} (secure). {msg}</source>
        <translation>Schlüsselbund: {name} (sicher). {msg}</translation>
    </message>
    <message>
        <source>Keychain: {name} (not secure).</source>
        <translation>Schlüsselbund: {name} (nicht sicher).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation>Jarvis</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Spend in this chat</source>
        <translation>Ausgaben in diesem Chat</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet …</translation>
    </message>
    <message>
        <source>Demo mode — simulated providers, no cost</source>
        <translation>Demomodus – simulierte Anbieter, keine Kosten</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Demomodus</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Which provider answers</source>
        <translation>Welcher Anbieter antwortet</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Which model answers (you may type one)</source>
        <translation>Welches Modell antwortet (Sie können auch eines eintippen)</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>Eine neue Unterhaltung beginnen (Strg+N)</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Verbrauch</translation>
    </message>
    <message>
        <source>Keys &amp;&amp; settings</source>
        <translation>Schlüssel &amp;&amp; Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation>&amp;Unterhaltung</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>&amp;Search history…</source>
        <translation>Verlauf &amp;durchsuchen …</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>Um&amp;benennen</translation>
    </message>
    <message>
        <source>&amp;Pin or unpin</source>
        <translation>&amp;Anheften oder lösen</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen …</translation>
    </message>
    <message>
        <source>Export as &amp;Markdown…</source>
        <translation>Als &amp;Markdown exportieren …</translation>
    </message>
    <message>
        <source>Export as &amp;JSON…</source>
        <translation>Als &amp;JSON exportieren …</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>An&amp;sicht</translation>
    </message>
    <message>
        <source>Conversation &amp;list</source>
        <translation>Unterhaltungs&amp;liste</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;Welcome and first steps…</source>
        <translation>&amp;Willkommen und erste Schritte …</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Ask Jarvis…  (Ctrl+Enter to send, Esc to stop)</source>
        <translation>Jarvis fragen …  (Strg+Eingabe sendet, Esc stoppt)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send the message (Ctrl+Enter)</source>
        <translation>Die Nachricht senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>Die Antwort stoppen (Esc)</translation>
    </message>
    <message>
        <source>Jarvis is still starting: your message stays here until you can send it.</source>
        <translation>Jarvis startet noch: Ihre Nachricht bleibt hier, bis Sie sie senden können.</translation>
    </message>
    <message>
        <source>A reply is still being written: Esc stops it.</source>
        <translation>Eine Antwort wird noch geschrieben: Esc stoppt sie.</translation>
    </message>
    <message>
        <source>First choose Edit or Send anyway for the message held back.</source>
        <translation>Wählen Sie zuerst „Bearbeiten“ oder „Trotzdem senden“ für die zurückgehaltene Nachricht.</translation>
    </message>
    <message>
        <source>Reply copied</source>
        <translation>Antwort kopiert</translation>
    </message>
    <message>
        <source>Editing your last message: sending it replaces the last exchange.</source>
        <translation>Sie bearbeiten Ihre letzte Nachricht: Beim Senden ersetzt sie den letzten Austausch.</translation>
    </message>
    <message>
        <source>Nothing to export yet: this chat is empty.</source>
        <translation>Noch nichts zu exportieren: Dieser Chat ist leer.</translation>
    </message>
    <message>
        <source>conversation</source>
        <translation>unterhaltung</translation>
    </message>
    <message>
        <source>Export the conversation</source>
        <translation>Die Unterhaltung exportieren</translation>
    </message>
    <message>
        <source>{name} (no key)</source>
        <translation>{name} (kein Schlüssel)</translation>
    </message>
    <message>
        <source>What can I help with?</source>
        <translation>Wobei kann ich helfen?</translation>
    </message>
    <message>
        <source>Replies stream in as they are written. Each one shows the provider, the model, the tokens and what it cost.</source>
        <translation>Antworten erscheinen, während sie geschrieben werden. Jede zeigt Anbieter, Modell, Tokens und was sie gekostet hat.</translation>
    </message>
    <message>
        <source>This chat: {cost}</source>
        <translation>Dieser Chat: {cost}</translation>
    </message>
    <message>
        <source> + {n} unpriced</source>
        <translation> + {n} ohne Preis</translation>
    </message>
    <message>
        <source>The question from quick-ask is in the input box: send it to decide there.</source>
        <translation>Die Frage aus der Schnellfrage steht im Eingabefeld: Senden Sie sie, um dort zu entscheiden.</translation>
    </message>
    <message>
        <source>Conversation deleted</source>
        <translation>Unterhaltung gelöscht</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>Exportiert nach {path}</translation>
    </message>
    <message>
        <source>Not sent: the message contains a secret.</source>
        <translation>Nicht gesendet: Die Nachricht enthält ein Geheimnis.</translation>
    </message>
    <message>
        <source>No provider key yet</source>
        <translation>Noch kein Anbieterschlüssel</translation>
    </message>
    <message>
        <source>Jarvis needs an API key for one of: {names}.&lt;br&gt;&lt;br&gt;Try it first with simulated providers, at no cost:&lt;br&gt;&lt;code&gt;jarvis gui --demo&lt;/code&gt;&lt;br&gt;&lt;br&gt;Add a key (stored in your system keychain):&lt;br&gt;&lt;code&gt;jarvis keys set {first}&lt;/code&gt;&lt;br&gt;&lt;br&gt;or set ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, then start Jarvis again.</source>
        <translation>Jarvis braucht einen API-Schlüssel für einen dieser Anbieter: {names}.&lt;br&gt;&lt;br&gt;Probieren Sie es zuerst kostenlos mit simulierten Anbietern aus:&lt;br&gt;&lt;code&gt;jarvis gui --demo&lt;/code&gt;&lt;br&gt;&lt;br&gt;Schlüssel hinzufügen (wird im Schlüsselbund des Systems gespeichert):&lt;br&gt;&lt;code&gt;jarvis keys set {first}&lt;/code&gt;&lt;br&gt;&lt;br&gt;oder setzen Sie ANTHROPIC_API_KEY, OPENAI_API_KEY oder GEMINI_API_KEY und starten Sie Jarvis neu.</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Jarvis budget</source>
        <translation>Jarvis-Budget</translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation>Jarvis</translation>
    </message>
    <message>
        <source>Your reply is ready.</source>
        <translation>Ihre Antwort ist fertig.</translation>
    </message>
</context>
<context>
    <name>Panes</name>
    <message>
        <source>API keys</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
</context>
<context>
    <name>PromptEdit</name>
    <message>
        <source>Not attached: the pasted HTML is larger than 1 MB (Ctrl+Shift+V pastes it as plain text)</source>
        <translation>Nicht angehängt: Das eingefügte HTML ist größer als 1 MB (Strg+Umschalt+V fügt es als reinen Text ein)</translation>
    </message>
    <message>
        <source>Not attached: {reason}</source>
        <translation>Nicht angehängt: {reason}</translation>
    </message>
    <message>
        <source>Not attached: {name} cannot be read</source>
        <translation>Nicht angehängt: {name} kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>Not attached: {name} is not a text file of at most 1 MB</source>
        <translation>Nicht angehängt: {name} ist keine Textdatei von höchstens 1 MB</translation>
    </message>
</context>
<context>
    <name>ProviderCard</name>
    <message>
        <source>Provider {name}</source>
        <translation>Anbieter {name}</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Key dates</source>
        <translation>Schlüsseldaten</translation>
    </message>
    <message>
        <source>Breaker</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>New API key for {name}</source>
        <translation>Neuer API-Schlüssel für {name}</translation>
    </message>
    <message>
        <source>Paste a new key</source>
        <translation>Neuen Schlüssel einfügen</translation>
    </message>
    <message>
        <source>Add key</source>
        <translation>Schlüssel hinzufügen</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <source>Test the {name} key</source>
        <translation>Den Schlüssel für {name} testen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the {name} key</source>
        <translation>Den Schlüssel für {name} löschen</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>{kind}, model {model}{off}</source>
        <translation>{kind}, Modell {model}{off}</translation>
    </message>
    <message>
        <source> — disabled</source>
        <translation> – deaktiviert</translation>
    </message>
    <message>
        <source>the official API</source>
        <translation>die offizielle API</translation>
    </message>
    <message>
        <source>No key</source>
        <translation>Kein Schlüssel</translation>
    </message>
    <message>
        <source>Replace key</source>
        <translation>Schlüssel ersetzen</translation>
    </message>
    <message>
        <source>{verb} for {name}</source>
        <translation>{verb} für {name}</translation>
    </message>
    <message>
        <source>validated {validated} · used {used}</source>
        <translation>geprüft {validated} · benutzt {used}</translation>
    </message>
    <message>
        <source>added {added} · </source>
        <translation>hinzugefügt {added} · </translation>
    </message>
    <message>
        <source>This key is more than 90 days old: consider rotating it (create a new key with the provider, replace it here, revoke the old one).</source>
        <translation>Dieser Schlüssel ist älter als 90 Tage: Erwägen Sie, ihn zu erneuern (beim Anbieter einen neuen Schlüssel erstellen, hier ersetzen, den alten widerrufen).</translation>
    </message>
</context>
<context>
    <name>QuickAsk</name>
    <message>
        <source>Internal error: see the log file.</source>
        <translation>Interner Fehler: Details stehen in der Protokolldatei.</translation>
    </message>
</context>
<context>
    <name>QuickAskPopup</name>
    <message>
        <source>Jarvis quick ask</source>
        <translation>Jarvis-Schnellfrage</translation>
    </message>
    <message>
        <source>Quick ask</source>
        <translation>Schnellfrage</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Ask anything, then press Enter</source>
        <translation>Fragen Sie etwas und drücken Sie die Eingabetaste</translation>
    </message>
    <message>
        <source>Enter ask · Ctrl+C copy · Ctrl+O open in chat · Esc hide</source>
        <translation>Eingabe fragen · Strg+C kopieren · Strg+O im Chat öffnen · Esc ausblenden</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>Denkt nach …</translation>
    </message>
    <message>
        <source>Answer details</source>
        <translation>Details zur Antwort</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the answer</source>
        <translation>Die Antwort kopieren</translation>
    </message>
    <message>
        <source>Copy the answer as Markdown (Ctrl+C)</source>
        <translation>Die Antwort als Markdown kopieren (Strg+C)</translation>
    </message>
    <message>
        <source>&amp;Open in chat</source>
        <translation>Im Chat ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Open in chat</source>
        <translation>Im Chat öffnen</translation>
    </message>
    <message>
        <source>Continue this conversation in the main window (Ctrl+O)</source>
        <translation>Diese Unterhaltung im Hauptfenster fortsetzen (Strg+O)</translation>
    </message>
    <message>
        <source>Still answering: Esc hides, the answer keeps coming.</source>
        <translation>Antwortet noch: Esc blendet aus, die Antwort kommt weiter.</translation>
    </message>
    <message>
        <source>Starting… the question goes out in a moment.</source>
        <translation>Wird gestartet … die Frage geht gleich hinaus.</translation>
    </message>
    <message>
        <source>Answer copied</source>
        <translation>Antwort kopiert</translation>
    </message>
    <message>
        <source>Code copied</source>
        <translation>Code kopiert</translation>
    </message>
    <message>
        <source>Open in chat to follow links and load images.</source>
        <translation>Im Chat öffnen, um Links zu folgen und Bilder zu laden.</translation>
    </message>
    <message>
        <source>{why} Open it in the chat to decide.</source>
        <translation>{why} Öffnen Sie sie im Chat, um zu entscheiden.</translation>
    </message>
    <message>
        <source>Answers come from the {tier} tier.</source>
        <translation>Antworten kommen aus der Stufe „{tier}“.</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>ohne Preis</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
</context>
<context>
    <name>RemoteImages</name>
    <message>
        <source>Only images on the web can be loaded.</source>
        <translation>Nur Bilder aus dem Web können geladen werden.</translation>
    </message>
    <message>
        <source>The image from {host} could not be loaded.</source>
        <translation>Das Bild von {host} konnte nicht geladen werden.</translation>
    </message>
    <message>
        <source>{host} did not send an image.</source>
        <translation>{host} hat kein Bild gesendet.</translation>
    </message>
</context>
<context>
    <name>SettingsPane</name>
    <message>
        <source>Daily cap (USD)</source>
        <translation>Tageslimit (USD)</translation>
    </message>
    <message>
        <source>Monthly cap (USD)</source>
        <translation>Monatslimit (USD)</translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation>Anfragen pro Minute</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>Tokens pro Minute</translation>
    </message>
    <message>
        <source>Attempts per provider</source>
        <translation>Versuche pro Anbieter</translation>
    </message>
    <message>
        <source>First retry after (seconds)</source>
        <translation>Erster neuer Versuch nach (Sekunden)</translation>
    </message>
    <message>
        <source>Longest wait between tries (seconds)</source>
        <translation>Längste Pause zwischen Versuchen (Sekunden)</translation>
    </message>
    <message>
        <source>Longest Retry-After honoured (seconds)</source>
        <translation>Längstes beachtetes Retry-After (Sekunden)</translation>
    </message>
    <message>
        <source>Breaker opens after failures</source>
        <translation>Sicherung löst aus nach Fehlern</translation>
    </message>
    <message>
        <source>Failure window (seconds)</source>
        <translation>Zeitfenster für Fehler (Sekunden)</translation>
    </message>
    <message>
        <source>Breaker pause (seconds)</source>
        <translation>Pause nach Auslösen (Sekunden)</translation>
    </message>
    <message>
        <source>Careful: {host} looks like {official} but is not it; look-alike hosts are used to steal keys. Approve it only if you run it.</source>
        <translation>Vorsicht: {host} sieht aus wie {official}, ist es aber nicht. Ähnlich aussehende Hosts werden benutzt, um Schlüssel zu stehlen. Geben Sie ihn nur frei, wenn Sie ihn selbst betreiben.</translation>
    </message>
    <message>
        <source>Settings status</source>
        <translation>Status der Einstellungen</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Limits</translation>
    </message>
    <message>
        <source>&amp;Daily cap (USD)</source>
        <translation>&amp;Tageslimit (USD)</translation>
    </message>
    <message>
        <source>&amp;Monthly cap (USD)</source>
        <translation>&amp;Monatslimit (USD)</translation>
    </message>
    <message>
        <source>Max &amp;tokens per reply</source>
        <translation>Höchstzahl &amp;Tokens pro Antwort</translation>
    </message>
    <message>
        <source>wait until the rate limit allows it</source>
        <translation>warten, bis das Ratenlimit es erlaubt</translation>
    </message>
    <message>
        <source>refuse the request at once</source>
        <translation>die Anfrage sofort ablehnen</translation>
    </message>
    <message>
        <source>What a request does when the requests- or tokens-per-minute limit is reached. Spend caps always refuse.</source>
        <translation>Was eine Anfrage tut, wenn das Limit für Anfragen oder Tokens pro Minute erreicht ist. Ausgabenlimits lehnen immer ab.</translation>
    </message>
    <message>
        <source>At a rate &amp;limit</source>
        <translation>Beim &amp;Ratenlimit</translation>
    </message>
    <message>
        <source>Tier “{tier}”</source>
        <translation>Stufe „{tier}“</translation>
    </message>
    <message>
        <source>provider:model</source>
        <translation>anbieter:modell</translation>
    </message>
    <message>
        <source>Fallback order</source>
        <translation>Ausweichreihenfolge</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>Providers are tried top to bottom when one fails; an unticked one is left out. Drag, or use the buttons.</source>
        <translation>Fällt ein Anbieter aus, werden die anderen von oben nach unten versucht; ein nicht angehakter wird übersprungen. Ziehen Sie die Einträge oder nutzen Sie die Schaltflächen.</translation>
    </message>
    <message>
        <source>Retries and circuit breaker</source>
        <translation>Wiederholungen und Sicherung</translation>
    </message>
    <message>
        <source>A failed request is tried again only before its first word arrives. A provider that fails this often within the window is paused, and the next one in the fallback order answers.</source>
        <translation>Eine fehlgeschlagene Anfrage wird nur wiederholt, solange noch kein Wort der Antwort angekommen ist. Ein Anbieter, der so oft innerhalb des Zeitfensters scheitert, wird pausiert, und der nächste in der Ausweichreihenfolge antwortet.</translation>
    </message>
    <message>
        <source>Cache and privacy</source>
        <translation>Cache und Datenschutz</translation>
    </message>
    <message>
        <source>Respo&amp;nse cache</source>
        <translation>Antwort-&amp;Cache</translation>
    </message>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>Cache lifetime (&amp;seconds)</source>
        <translation>Cache-Lebensdauer (&amp;Sekunden)</translation>
    </message>
    <message>
        <source>replace before sending</source>
        <translation>vor dem Senden ersetzen</translation>
    </message>
    <message>
        <source>send as typed</source>
        <translation>wie eingegeben senden</translation>
    </message>
    <message>
        <source>redact: e-mail addresses, phone and card numbers are replaced before sending and restored in the reply; off: sent as typed</source>
        <translation>Ersetzen: E-Mail-Adressen, Telefon- und Kartennummern werden vor dem Senden ersetzt und in der Antwort wiederhergestellt; aus: wie eingegeben gesendet</translation>
    </message>
    <message>
        <source>&amp;Personal data</source>
        <translation>&amp;Persönliche Daten</translation>
    </message>
    <message>
        <source>&amp;Keep conversations (days)</source>
        <translation>Unterhaltungen &amp;behalten (Tage)</translation>
    </message>
    <message>
        <source>empty: until deleted</source>
        <translation>leer: bis zum Löschen</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>Apply settings</source>
        <translation>Einstellungen übernehmen</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Revert unsaved changes</source>
        <translation>Nicht übernommene Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Changes apply at once, without a restart, and are written to config.toml (comments kept).</source>
        <translation>Änderungen gelten sofort, ohne Neustart, und werden in config.toml geschrieben (Kommentare bleiben erhalten).</translation>
    </message>
    <message>
        <source>Provider {name}</source>
        <translation>Anbieter {name}</translation>
    </message>
    <message>
        <source>Use this provider</source>
        <translation>Diesen Anbieter verwenden</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>aktiviert</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keines</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>Endpunkt-URL</translation>
    </message>
    <message>
        <source>the official API</source>
        <translation>die offizielle API</translation>
    </message>
    <message>
        <source>Approved endpoint</source>
        <translation>Freigegebener Endpunkt</translation>
    </message>
    <message>
        <source>type the endpoint URL to approve it</source>
        <translation>Endpunkt-URL eintippen, um ihn freizugeben</translation>
    </message>
    <message>
        <source>Settings cannot be changed in demo mode.</source>
        <translation>Im Demomodus lassen sich die Einstellungen nicht ändern.</translation>
    </message>
    <message>
        <source>Nothing to apply: no setting changed.</source>
        <translation>Nichts zu übernehmen: Keine Einstellung wurde geändert.</translation>
    </message>
    <message>
        <source>fallback: tick at least one provider</source>
        <translation>fallback: Haken Sie mindestens einen Anbieter an</translation>
    </message>
    <message>
        <source>Provider {name} added. Tick it in the fallback order to use it when others fail.</source>
        <translation>Anbieter {name} hinzugefügt. Haken Sie ihn in der Ausweichreihenfolge an, damit er einspringt, wenn andere ausfallen.</translation>
    </message>
    <message>
        <source>Settings applied; they are in use now.</source>
        <translation>Einstellungen übernommen; sie gelten ab sofort.</translation>
    </message>
    <message>
        <source>Not applied: {why}</source>
        <translation>Nicht übernommen: {why}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Search history (Ctrl+K)</source>
        <translation>Verlauf durchsuchen (Strg+K)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>Eine neue Unterhaltung beginnen (Strg+N)</translation>
    </message>
    <message>
        <source>Conversation list</source>
        <translation>Unterhaltungsliste</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>Angeheftet</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Zuletzt</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>{title} — {n} messages</source>
        <translation>{title} – {n} Nachrichten</translation>
    </message>
    <message>
        <source>No messages match.</source>
        <translation>Keine Nachricht passt.</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation>Jarvis</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Anheften</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen …</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>&amp;Quick ask</source>
        <translation>&amp;Schnellfrage</translation>
    </message>
    <message>
        <source>&amp;Open Jarvis</source>
        <translation>Jarvis ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Today: …</source>
        <translation>Heute: …</translation>
    </message>
    <message>
        <source>&amp;Pause all requests</source>
        <translation>Alle Anfragen an&amp;halten</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation>Jarvis</translation>
    </message>
    <message>
        <source>Jarvis — {spend}</source>
        <translation>Jarvis – {spend}</translation>
    </message>
</context>
<context>
    <name>TurnActions</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy your message</source>
        <translation>Ihre Nachricht kopieren</translation>
    </message>
    <message>
        <source>Copy this message to the clipboard</source>
        <translation>Diese Nachricht in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>Bearbeiten und neu senden</translation>
    </message>
    <message>
        <source>Put this message back in the input box; sending it replaces this exchange (Ctrl+E)</source>
        <translation>Diese Nachricht zurück ins Eingabefeld holen; beim Senden ersetzt sie diesen Austausch (Strg+E)</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Regenerate the reply</source>
        <translation>Die Antwort neu erzeugen</translation>
    </message>
    <message>
        <source>Ask again for a new reply to this message (Ctrl+R)</source>
        <translation>Erneut nach einer neuen Antwort auf diese Nachricht fragen (Strg+R)</translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>Nachricht kopiert</translation>
    </message>
</context>
<context>
    <name>TurnWidget</name>
    <message>
        <source>Your message</source>
        <translation>Ihre Nachricht</translation>
    </message>
    <message>
        <source>What Jarvis changed in your message</source>
        <translation>Was Jarvis an Ihrer Nachricht geändert hat</translation>
    </message>
    <message>
        <source>Message held back</source>
        <translation>Nachricht zurückgehalten</translation>
    </message>
    <message>
        <source>&amp;Send anyway</source>
        <translation>Trotzdem &amp;senden</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>Trotzdem senden</translation>
    </message>
    <message>
        <source>Send the message with the secret in it</source>
        <translation>Die Nachricht mit dem Geheimnis darin senden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Edit the message</source>
        <translation>Die Nachricht bearbeiten</translation>
    </message>
    <message>
        <source>Put the message back into the input box; nothing is sent</source>
        <translation>Die Nachricht zurück ins Eingabefeld holen; nichts wird gesendet</translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation>Jarvis</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>Denkt nach …</translation>
    </message>
    <message>
        <source>Reply details</source>
        <translation>Details zur Antwort</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy reply</source>
        <translation>Antwort kopieren</translation>
    </message>
    <message>
        <source>Copy the reply as Markdown</source>
        <translation>Die Antwort als Markdown kopieren</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Retry this prompt</source>
        <translation>Diese Anfrage wiederholen</translation>
    </message>
    <message>
        <source>Send the same prompt again; the new reply replaces this one</source>
        <translation>Dieselbe Anfrage erneut senden; die neue Antwort ersetzt diese</translation>
    </message>
    <message>
        <source>Attached as data: {names}</source>
        <translation>Als Daten angehängt: {names}</translation>
    </message>
    <message>
        <source>1 item redacted</source>
        <translation>1 Angabe ersetzt</translation>
    </message>
    <message>
        <source>{n} items redacted</source>
        <translation>{n} Angaben ersetzt</translation>
    </message>
    <message>
        <source>(Message hidden: it contains a secret.)</source>
        <translation>(Nachricht verborgen: Sie enthält ein Geheimnis.)</translation>
    </message>
    <message>
        <source>{n_in} in / {n_out} out</source>
        <translation>{n_in} ein / {n_out} aus</translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation>ohne Preis</translation>
    </message>
    <message>
        <source>first token {s:.2f} s</source>
        <translation>erstes Token {s:.2f} s</translation>
    </message>
    <message>
        <source>fallback from {names}</source>
        <translation>ausgewichen von {names}</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Code copied</source>
        <translation>Code kopiert</translation>
    </message>
    <message>
        <source>Copy this code block</source>
        <translation>Diesen Codeblock kopieren</translation>
    </message>
    <message>
        <source>Image from {host}, not loaded: click to load {url}</source>
        <translation>Bild von {host}, nicht geladen: Klicken lädt {url}</translation>
    </message>
</context>
<context>
    <name>UsagePane</name>
    <message>
        <source>Tokens by bucket</source>
        <translation>Tokens nach Art</translation>
    </message>
    <message>
        <source>Caps</source>
        <translation>Limits</translation>
    </message>
    <message>
        <source>Spend per day</source>
        <translation>Ausgaben pro Tag</translation>
    </message>
    <message>
        <source>An amber foot marks a day with unpriced requests: their cost is unknown (not $0) and not in the bar.</source>
        <translation>Ein bernsteinfarbener Fuß markiert einen Tag mit Anfragen ohne Preis: Ihre Kosten sind unbekannt (nicht 0 $) und nicht im Balken enthalten.</translation>
    </message>
    <message>
        <source>By provider</source>
        <translation>Nach Anbieter</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>By model</source>
        <translation>Nach Modell</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Demo mode (simulated spend, never charged)</source>
        <translation>Demomodus (simulierte Ausgaben, nie berechnet)</translation>
    </message>
    <message>
        <source>Demo spend by provider</source>
        <translation>Demo-Ausgaben nach Anbieter</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Provider filter</source>
        <translation>Anbieterfilter</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>Alle Anbieter</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Refresh usage</source>
        <translation>Verbrauch aktualisieren</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren …</translation>
    </message>
    <message>
        <source>Export spend rows as CSV</source>
        <translation>Ausgabenzeilen als CSV exportieren</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation>&amp;Anbieter</translation>
    </message>
    <message>
        <source>Export status</source>
        <translation>Exportstatus</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Dieser Monat</translation>
    </message>
    <message>
        <source>Selected period</source>
        <translation>Gewählter Zeitraum</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fehlschläge</translation>
    </message>
    <message>
        <source>Fallbacks</source>
        <translation>Ausweichfälle</translation>
    </message>
    <message>
        <source>Cache hits (saved)</source>
        <translation>Cache-Treffer (gespart)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cache hits</source>
        <translation>Cache-Treffer</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>Cache gelesen</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Cache geschrieben</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Denken</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespart</translation>
    </message>
    <message>
        <source>Spend by {what}</source>
        <translation>Ausgaben nach {what}</translation>
    </message>
    <message>
        <source>Tokens by bucket: {buckets}</source>
        <translation>Tokens nach Art: {buckets}</translation>
    </message>
    <message>
        <source>No spend caps are set.</source>
        <translation>Es sind keine Ausgabenlimits gesetzt.</translation>
    </message>
    <message>
        <source>{spent} of {limit}</source>
        <translation>{spent} von {limit}</translation>
    </message>
    <message>
        <source>resets {when}</source>
        <translation>wird zurückgesetzt {when}</translation>
    </message>
    <message>
        <source>Export usage as CSV</source>
        <translation>Verbrauch als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export failed: {why}</source>
        <translation>Export fehlgeschlagen: {why}</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} gespeichert</translation>
    </message>
</context>
<context>
    <name>VaultBox</name>
    <message>
        <source>Encrypted vault</source>
        <translation>Verschlüsselter Tresor</translation>
    </message>
    <message>
        <source>Vault passphrase</source>
        <translation>Passphrase des Tresors</translation>
    </message>
    <message>
        <source>Unlock the vault</source>
        <translation>Den Tresor entsperren</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Lock the vault</source>
        <translation>Den Tresor sperren</translation>
    </message>
    <message>
        <source>Opening the vault…</source>
        <translation>Tresor wird geöffnet …</translation>
    </message>
    <message>
        <source>Unlocked for this session: its keys ({n}) are in use until you lock it or quit.</source>
        <translation>Für diese Sitzung entsperrt: Seine Schlüssel ({n}) werden benutzt, bis Sie ihn sperren oder Jarvis beenden.</translation>
    </message>
    <message>
        <source>Locked: its keys ({n}) cannot be used until you unlock it with its passphrase.</source>
        <translation>Gesperrt: Seine Schlüssel ({n}) sind nicht nutzbar, bis Sie ihn mit seiner Passphrase entsperren.</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to Jarvis</source>
        <translation>Willkommen bei Jarvis</translation>
    </message>
    <message>
        <source>Jarvis answers with the AI providers you pay for, shows what each answer cost, and stops at the cap you set. Pick one way to start; you can change everything later in Keys &amp; settings.</source>
        <translation>Jarvis antwortet mit den KI-Anbietern, die Sie bezahlen, zeigt, was jede Antwort gekostet hat, und hält beim Limit an, das Sie setzen. Wählen Sie einen Einstieg; alles lässt sich später unter „Schlüssel &amp; Einstellungen“ ändern.</translation>
    </message>
    <message>
        <source>Add a key</source>
        <translation>Schlüssel hinzufügen</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Paste the key (hidden)</source>
        <translation>Schlüssel einfügen (verborgen)</translation>
    </message>
    <message>
        <source>Check and &amp;save</source>
        <translation>Prüfen und &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation>&amp;Anbieter</translation>
    </message>
    <message>
        <source>&amp;Key</source>
        <translation>&amp;Schlüssel</translation>
    </message>
    <message>
        <source>Or use a server on this computer</source>
        <translation>Oder einen Server auf diesem Rechner verwenden</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>a model the server has, e.g. llama3.2</source>
        <translation>ein Modell, das der Server hat, z. B. llama3.2</translation>
    </message>
    <message>
        <source>&amp;Use this server</source>
        <translation>Diesen Server &amp;verwenden</translation>
    </message>
    <message>
        <source>Ser&amp;ver</source>
        <translation>Ser&amp;ver</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Adresse</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>Daily spend cap</source>
        <translation>Tägliches Ausgabenlimit</translation>
    </message>
    <message>
        <source>Daily cap in US dollars</source>
        <translation>Tageslimit in US-Dollar</translation>
    </message>
    <message>
        <source>Jarvis stops before a day&apos;s spend would pass this.</source>
        <translation>Jarvis hält an, bevor die Ausgaben eines Tages diesen Betrag überschreiten würden.</translation>
    </message>
    <message>
        <source>Try &amp;demo mode</source>
        <translation>&amp;Demomodus ausprobieren</translation>
    </message>
    <message>
        <source>Simulated providers on this computer: no key, no cost.</source>
        <translation>Simulierte Anbieter auf diesem Rechner: kein Schlüssel, keine Kosten.</translation>
    </message>
    <message>
        <source>S&amp;tart</source>
        <translation>S&amp;tarten</translation>
    </message>
    <message>
        <source>Keys you add are kept in your system keychain ({name}), never in a file.</source>
        <translation>Schlüssel, die Sie hinzufügen, werden im Schlüsselbund des Systems ({name}) aufbewahrt, nie in einer Datei.</translation>
    </message>
    <message>
        <source>Checking the key with {p}…</source>
        <translation>Schlüssel wird bei {p} geprüft …</translation>
    </message>
    <message>
        <source>The key was not stored: </source>
        <translation>Der Schlüssel wurde nicht gespeichert: </translation>
    </message>
    <message>
        <source>The key was not stored: {why}</source>
        <translation>Der Schlüssel wurde nicht gespeichert: {why}</translation>
    </message>
    <message>
        <source>{p} rejected the key; it was not stored. {why}</source>
        <translation>{p} hat den Schlüssel abgelehnt; er wurde nicht gespeichert. {why}</translation>
    </message>
    <message>
        <source>Key saved. {why}</source>
        <translation>Schlüssel gespeichert. {why}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <source>Saved: Jarvis asks {name} first ({url}, model {model}).</source>
        <translation>Gespeichert: Jarvis fragt zuerst {name} ({url}, Modell {model}).</translation>
    </message>
    <message>
        <source>The server answers.</source>
        <translation>Der Server antwortet.</translation>
    </message>
    <message>
        <source>It did not answer yet ({why}): start it, then send a message.</source>
        <translation>Er hat noch nicht geantwortet ({why}): Starten Sie ihn und senden Sie dann eine Nachricht.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Jarvis cannot start: the config file has a problem.</source>
        <translation>Jarvis kann nicht starten: Die Konfigurationsdatei hat ein Problem.</translation>
    </message>
    <message>
        <source>{problem}

Fix the file and start Jarvis again; it was not changed.</source>
        <translation>{problem}

Korrigieren Sie die Datei und starten Sie Jarvis erneut; sie wurde nicht verändert.</translation>
    </message>
    <message>
        <source>Jarvis cannot save to its data folder.</source>
        <translation>Jarvis kann nicht in seinen Datenordner schreiben.</translation>
    </message>
    <message>
        <source>Jarvis stopped because of an internal error.</source>
        <translation>Jarvis wurde wegen eines internen Fehlers beendet.</translation>
    </message>
    <message>
        <source>The log file has the details.</source>
        <translation>Die Details stehen in der Protokolldatei.</translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation>Jarvis</translation>
    </message>
    <message>
        <source>The config file has a problem.</source>
        <translation>Die Konfigurationsdatei hat ein Problem.</translation>
    </message>
    <message>
        <source>{problem}

The file was not changed. Jarvis can run this session with the default settings (no custom providers, default caps), or quit so that you can fix the file.</source>
        <translation>{problem}

Die Datei wurde nicht verändert. Jarvis kann diese Sitzung mit den Standardeinstellungen ausführen (keine eigenen Anbieter, Standardlimits) oder sich beenden, damit Sie die Datei korrigieren können.</translation>
    </message>
    <message>
        <source>Use defaults for this session</source>
        <translation>Für diese Sitzung Standardwerte verwenden</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>The database was damaged and has been set aside. Nothing was deleted.</source>
        <translation>Die Datenbank war beschädigt und wurde beiseitegelegt. Es wurde nichts gelöscht.</translation>
    </message>
</context>
<context>
    <name>confirm</name>
    <message>
        <source>Load a remote image?</source>
        <translation>Bild aus dem Netz laden?</translation>
    </message>
    <message>
        <source>{host} is not on your list of image hosts.</source>
        <translation>{host} steht nicht auf Ihrer Liste der Bild-Hosts.</translation>
    </message>
    <message>
        <source>Loading the image sends a request to {host}. A reply can hide parts of the conversation in an image address, so only load images from hosts you trust.</source>
        <translation>Das Laden des Bildes sendet eine Anfrage an {host}. Eine Antwort kann Teile der Unterhaltung in einer Bildadresse verstecken; laden Sie Bilder deshalb nur von Hosts, denen Sie vertrauen.</translation>
    </message>
    <message>
        <source>Load once</source>
        <translation>Einmal laden</translation>
    </message>
    <message>
        <source>Always allow this host</source>
        <translation>Diesen Host immer erlauben</translation>
    </message>
    <message>
        <source>Open a link to {host}?</source>
        <translation>Link zu {host} öffnen?</translation>
    </message>
    <message>
        <source>The link says {shown} but opens {host}.</source>
        <translation>Der Link zeigt {shown}, öffnet aber {host}.</translation>
    </message>
    <message>
        <source>Open {host}</source>
        <translation>{host} öffnen</translation>
    </message>
</context>
<context>
    <name>conversations</name>
    <message>
        <source>No reply was stored for this message.</source>
        <translation>Zu dieser Nachricht wurde keine Antwort gespeichert.</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>gestern</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} T</translation>
    </message>
    <message>
        <source>Could not change the conversation.</source>
        <translation>Die Unterhaltung konnte nicht geändert werden.</translation>
    </message>
    <message>
        <source>Could not read the conversation list.</source>
        <translation>Die Liste der Unterhaltungen konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation>Die Suche ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Could not delete the conversation.</source>
        <translation>Die Unterhaltung konnte nicht gelöscht werden.</translation>
    </message>
    <message>
        <source>Could not export: {problem}</source>
        <translation>Export nicht möglich: {problem}</translation>
    </message>
</context>
<context>
    <name>keys</name>
    <message>
        <source>from the environment variable {env}, which overrides a stored key</source>
        <translation>aus der Umgebungsvariable {env}, die einen gespeicherten Schlüssel übersteuert</translation>
    </message>
    <message>
        <source>stored in the keychain</source>
        <translation>im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <source>kept for this session only</source>
        <translation>nur für diese Sitzung aufbewahrt</translation>
    </message>
    <message>
        <source>stored in the encrypted vault</source>
        <translation>im verschlüsselten Tresor gespeichert</translation>
    </message>
    <message>
        <source>a demo key (simulated provider)</source>
        <translation>ein Demo-Schlüssel (simulierter Anbieter)</translation>
    </message>
    <message>
        <source>no key needed</source>
        <translation>kein Schlüssel nötig</translation>
    </message>
    <message>
        <source>closed (healthy)</source>
        <translation>geschlossen (in Ordnung)</translation>
    </message>
    <message>
        <source>open (paused after failures)</source>
        <translation>offen (nach Fehlern pausiert)</translation>
    </message>
    <message>
        <source>half-open (trying one request)</source>
        <translation>halb offen (eine Anfrage wird versucht)</translation>
    </message>
    <message>
        <source>Delete the key?</source>
        <translation>Schlüssel löschen?</translation>
    </message>
    <message>
        <source>Delete the stored key for {provider}? Jarvis cannot use {provider} until you add a key again.</source>
        <translation>Den gespeicherten Schlüssel für {provider} löschen? Jarvis kann {provider} erst wieder nutzen, wenn Sie erneut einen Schlüssel hinzufügen.</translation>
    </message>
    <message>
        <source>No secure keychain was found ({name}), and Jarvis never writes keys to plain files. Options: set the provider&apos;s environment variable (for example OPENAI_API_KEY) before starting Jarvis; run Jarvis in a desktop session with a keychain (GNOME Keyring, KWallet); or keep keys in a passphrase-encrypted vault with `jarvis keys set PROVIDER --vault`.</source>
        <translation>Es wurde kein sicherer Schlüsselbund gefunden ({name}), und Jarvis schreibt Schlüssel nie in unverschlüsselte Dateien. Möglichkeiten: Setzen Sie vor dem Start von Jarvis die Umgebungsvariable des Anbieters (zum Beispiel OPENAI_API_KEY); starten Sie Jarvis in einer Desktopsitzung mit Schlüsselbund (GNOME Keyring, KWallet); oder bewahren Sie die Schlüssel mit `jarvis keys set PROVIDER --vault` in einem mit Passphrase verschlüsselten Tresor auf.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Rate limited by the provider: try again shortly.</source>
        <translation>Vom Anbieter gedrosselt: Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The provider is overloaded: try again shortly.</source>
        <translation>Der Anbieter ist überlastet: Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The provider had a server error.</source>
        <translation>Beim Anbieter ist ein Serverfehler aufgetreten.</translation>
    </message>
    <message>
        <source>The provider did not answer in time.</source>
        <translation>Der Anbieter hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>Could not reach the provider: check the network.</source>
        <translation>Der Anbieter ist nicht erreichbar: Prüfen Sie die Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>The connection dropped in the middle of the reply.</source>
        <translation>Die Verbindung ist mitten in der Antwort abgebrochen.</translation>
    </message>
    <message>
        <source>Key rejected: replace it in Keys (or `jarvis keys set`).</source>
        <translation>Schlüssel abgelehnt: Ersetzen Sie ihn unter API-Schlüssel (oder mit `jarvis keys set`).</translation>
    </message>
    <message>
        <source>The key is not allowed to use this model.</source>
        <translation>Der Schlüssel darf dieses Modell nicht verwenden.</translation>
    </message>
    <message>
        <source>Model not found: pick another model.</source>
        <translation>Modell nicht gefunden: Wählen Sie ein anderes Modell.</translation>
    </message>
    <message>
        <source>Conversation too long: start a new one or trim it.</source>
        <translation>Unterhaltung zu lang: Beginnen Sie eine neue oder kürzen Sie sie.</translation>
    </message>
    <message>
        <source>The provider rejected the request.</source>
        <translation>Der Anbieter hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <source>No key for this provider: add one in Keys (or `jarvis keys set`).</source>
        <translation>Kein Schlüssel für diesen Anbieter: Fügen Sie einen unter API-Schlüssel hinzu (oder mit `jarvis keys set`).</translation>
    </message>
    <message>
        <source>Key not sent: this endpoint is not the provider&apos;s and is not approved.</source>
        <translation>Schlüssel nicht gesendet: Dieser Endpunkt gehört nicht dem Anbieter und ist nicht freigegeben.</translation>
    </message>
    <message>
        <source>Paused after repeated failures; it will be tried again shortly.</source>
        <translation>Nach wiederholten Fehlern pausiert; es wird in Kürze erneut versucht.</translation>
    </message>
    <message>
        <source>Refused by a limit.</source>
        <translation>Durch ein Limit abgelehnt.</translation>
    </message>
    <message>
        <source>That provider, model or tier cannot be used.</source>
        <translation>Dieser Anbieter, dieses Modell oder diese Stufe kann nicht verwendet werden.</translation>
    </message>
    <message>
        <source>The message contains a secret; it was not sent.</source>
        <translation>Die Nachricht enthält ein Geheimnis; sie wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>Every provider failed.</source>
        <translation>Alle Anbieter sind gescheitert.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <source>Internal error.</source>
        <translation>Interner Fehler.</translation>
    </message>
    <message>
        <source>Could not save to the local database (disk full or read-only folder).</source>
        <translation>Speichern in der lokalen Datenbank nicht möglich (Datenträger voll oder Ordner schreibgeschützt).</translation>
    </message>
    <message>
        <source>The reply reached the output limit.</source>
        <translation>Die Antwort hat die Ausgabegrenze erreicht.</translation>
    </message>
    <message>
        <source>The reply was blocked by the provider&apos;s safety filter.</source>
        <translation>Die Antwort wurde vom Sicherheitsfilter des Anbieters blockiert.</translation>
    </message>
    <message>
        <source>Output limit reached while thinking: no text.</source>
        <translation>Ausgabegrenze beim Nachdenken erreicht: kein Text.</translation>
    </message>
    <message>
        <source>The reply was interrupted.</source>
        <translation>Die Antwort wurde unterbrochen.</translation>
    </message>
    <message>
        <source>The provider ended the reply early.</source>
        <translation>Der Anbieter hat die Antwort vorzeitig beendet.</translation>
    </message>
    <message>
        <source>your message</source>
        <translation>Ihre Nachricht</translation>
    </message>
    <message>
        <source>untrusted content</source>
        <translation>nicht vertrauenswürdiger Inhalt</translation>
    </message>
    <message>
        <source>{source}: removed invisible tag characters ({n}).</source>
        <translation>{source}: unsichtbare Tag-Zeichen entfernt ({n}).</translation>
    </message>
    <message>
        <source>{source}: removed invisible tag characters ({n}); they spelled “{hidden}”.</source>
        <translation>{source}: unsichtbare Tag-Zeichen entfernt ({n}); sie ergaben „{hidden}“.</translation>
    </message>
    <message>
        <source>{source}: removed invisible variation selectors ({n}).</source>
        <translation>{source}: unsichtbare Variantenselektoren entfernt ({n}).</translation>
    </message>
    <message>
        <source>{source}: removed invisible variation selectors ({n}); they encoded “{decoded}”.</source>
        <translation>{source}: unsichtbare Variantenselektoren entfernt ({n}); sie kodierten „{decoded}“.</translation>
    </message>
    <message>
        <source>{source}: made text-direction controls visible ({n}, shown as ⟦RLO⟧ and similar), so it reads as sent.</source>
        <translation>{source}: Steuerzeichen für die Schreibrichtung sichtbar gemacht ({n}, angezeigt als ⟦RLO⟧ und ähnlich), damit der Text so zu lesen ist, wie er gesendet wird.</translation>
    </message>
    <message>
        <source>Removed from {source}: {items}</source>
        <translation>{source} – entfernt: {items}</translation>
    </message>
    <message>
        <source>{source} may try to instruct the assistant ({reason}); it is sent as data, not as instructions.</source>
        <translation>{source}: versucht möglicherweise, dem Assistenten Anweisungen zu geben ({reason}); wird als Daten gesendet, nicht als Anweisungen.</translation>
    </message>
    <message>
        <source>{source} imitated the data fence markers; they were broken up.</source>
        <translation>{source}: ahmte die Markierungen der Datenabgrenzung nach; sie wurden aufgebrochen.</translation>
    </message>
    <message>
        <source>Personal data replaced before sending ({n}): {kinds}</source>
        <translation>Persönliche Daten vor dem Senden ersetzt ({n}): {kinds}</translation>
    </message>
    <message>
        <source>This message contains secrets ({n}): {labels}. It is not sent unless you confirm.</source>
        <translation>Diese Nachricht enthält Geheimnisse ({n}): {labels}. Sie wird nur gesendet, wenn Sie es bestätigen.</translation>
    </message>
    <message>
        <source>No provider has a key yet. Add one under API keys (or with `jarvis keys set PROVIDER`), set ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, or try demo mode: `jarvis gui --demo`.</source>
        <translation>Noch kein Anbieter hat einen Schlüssel. Fügen Sie unter API-Schlüssel einen hinzu (oder mit `jarvis keys set PROVIDER`), setzen Sie ANTHROPIC_API_KEY, OPENAI_API_KEY oder GEMINI_API_KEY, oder probieren Sie den Demomodus: `jarvis gui --demo`.</translation>
    </message>
    <message>
        <source>Internal error: see the log file.</source>
        <translation>Interner Fehler: Details stehen in der Protokolldatei.</translation>
    </message>
    <message>
        <source>{error} The partial reply is kept.</source>
        <translation>{error} Die unvollständige Antwort bleibt erhalten.</translation>
    </message>
    <message>
        <source>Every provider failed. {reasons}</source>
        <translation>Alle Anbieter sind gescheitert. {reasons}</translation>
    </message>
    <message>
        <source>{percent}% of the {cap} used (${spent}).</source>
        <translation>{percent} % des {cap} verbraucht ({spent} $).</translation>
    </message>
    <message>
        <source>Use 1-64 letters, digits, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>Verwenden Sie 1–64 Buchstaben, Ziffern, „_“ oder „-“, beginnend mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <source>A provider named “{name}” exists already.</source>
        <translation>Ein Anbieter namens „{name}“ existiert bereits.</translation>
    </message>
    <message>
        <source>Expected an address starting with http:// or https://.</source>
        <translation>Erwartet wird eine Adresse, die mit http:// oder https:// beginnt.</translation>
    </message>
    <message>
        <source>A default model is required.</source>
        <translation>Ein Standardmodell ist erforderlich.</translation>
    </message>
    <message>
        <source>This endpoint needs your approval before a key is sent to it.</source>
        <translation>Dieser Endpunkt braucht Ihre Freigabe, bevor ein Schlüssel an ihn gesendet wird.</translation>
    </message>
    <message>
        <source>Requests are paused: resume them to send.</source>
        <translation>Anfragen sind pausiert: Setzen Sie sie fort, um zu senden.</translation>
    </message>
    <message>
        <source>{provider}: {reason}</source>
        <translation>{provider}: {reason}</translation>
    </message>
    <message>
        <source>{message} (HTTP {status})</source>
        <translation>{message} (HTTP {status})</translation>
    </message>
    <message>
        <source>{provider} accepted the key.</source>
        <translation>{provider} hat den Schlüssel angenommen.</translation>
    </message>
    <message>
        <source>{provider}: could not check the key ({reason})</source>
        <translation>{provider}: Der Schlüssel konnte nicht geprüft werden ({reason})</translation>
    </message>
    <message>
        <source>{message} Retrying in {seconds} s.</source>
        <translation>{message} Neuer Versuch in {seconds} s.</translation>
    </message>
    <message>
        <source>{provider}: paused after repeated failures; tried again in about {wait}.</source>
        <translation>{provider}: nach wiederholten Fehlern pausiert; neuer Versuch in etwa {wait}.</translation>
    </message>
    <message>
        <source>{provider}: rate limited, try again in about {wait}.</source>
        <translation>{provider}: gedrosselt, neuer Versuch in etwa {wait} möglich.</translation>
    </message>
    <message>
        <source>Refused by the {cap}: ${left} left, this request may cost up to ${needed}. Resets {resets}.</source>
        <translation>Abgelehnt wegen des {cap}: noch {left} $ übrig, diese Anfrage kann bis zu {needed} $ kosten. Zurückgesetzt {resets}.</translation>
    </message>
    <message>
        <source>at {stamp} (in {hours} h)</source>
        <translation>am {stamp} (in {hours} h)</translation>
    </message>
    <message>
        <source>on {stamp}</source>
        <translation>am {stamp}</translation>
    </message>
    <message>
        <source>Key sent to the approved endpoint {url}.</source>
        <translation>Schlüssel an den freigegebenen Endpunkt {url} gesendet.</translation>
    </message>
    <message>
        <source>Local endpoint {url}: traffic stays on this machine.</source>
        <translation>Lokaler Endpunkt {url}: Der Datenverkehr bleibt auf diesem Rechner.</translation>
    </message>
    <message>
        <source>The {name} key was not sent to {url}: keys go only to {official} unless you approve this endpoint (approved_endpoint in config.toml).</source>
        <translation>Der Schlüssel für {name} wurde nicht an {url} gesendet: Schlüssel gehen nur an {official}, außer Sie geben diesen Endpunkt frei (approved_endpoint in config.toml).</translation>
    </message>
    <message>
        <source>The {name} key was not sent to {url}: keys go only to {official} unless you approve this endpoint (approved_endpoint in config.toml). Careful: {lookalike} looks like {official} but is not it; look-alike hosts are used to steal keys.</source>
        <translation>Der Schlüssel für {name} wurde nicht an {url} gesendet: Schlüssel gehen nur an {official}, außer Sie geben diesen Endpunkt frei (approved_endpoint in config.toml). Vorsicht: {lookalike} sieht aus wie {official}, ist es aber nicht; ähnlich aussehende Hosts werden benutzt, um Schlüssel zu stehlen.</translation>
    </message>
    <message>
        <source>daily cap of ${limit}</source>
        <translation>Tageslimits von {limit} $</translation>
    </message>
    <message>
        <source>monthly cap of ${limit}</source>
        <translation>Monatslimits von {limit} $</translation>
    </message>
    <message>
        <source>{provider} daily cap of ${limit}</source>
        <translation>Tageslimits für {provider} von {limit} $</translation>
    </message>
    <message>
        <source>{provider} monthly cap of ${limit}</source>
        <translation>Monatslimits für {provider} von {limit} $</translation>
    </message>
    <message>
        <source>email address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <source>phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <source>payment card number</source>
        <translation>Kartennummer</translation>
    </message>
    <message>
        <source>bank account number (IBAN)</source>
        <translation>Kontonummer (IBAN)</translation>
    </message>
    <message>
        <source>US social security number</source>
        <translation>US-Sozialversicherungsnummer</translation>
    </message>
    <message>
        <source>UK National Insurance number</source>
        <translation>britische Sozialversicherungsnummer (NINO)</translation>
    </message>
</context>
<context>
    <name>money</name>
    <message>
        <source>unpriced</source>
        <translation>ohne Preis</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>+ {n} unpriced</source>
        <translation>+ {n} ohne Preis</translation>
    </message>
</context>
<context>
    <name>rendering</name>
    <message>
        <source>embedded data</source>
        <translation>eingebettete Daten</translation>
    </message>
    <message>
        <source>an unknown place</source>
        <translation>einem unbekannten Ort</translation>
    </message>
    <message>
        <source>image from {host}, not loaded</source>
        <translation>Bild von {host}, nicht geladen</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Send the message</source>
        <translation>Die Nachricht senden</translation>
    </message>
    <message>
        <source>Stop the reply</source>
        <translation>Die Antwort stoppen</translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation>Eine neue Unterhaltung beginnen</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>Den Verlauf durchsuchen</translation>
    </message>
    <message>
        <source>Show or hide the conversation list</source>
        <translation>Die Unterhaltungsliste ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Rename the selected conversation</source>
        <translation>Die gewählte Unterhaltung umbenennen</translation>
    </message>
    <message>
        <source>Delete the selected conversation (in the list)</source>
        <translation>Die gewählte Unterhaltung löschen (in der Liste)</translation>
    </message>
    <message>
        <source>Pin or unpin the selected conversation</source>
        <translation>Die gewählte Unterhaltung anheften oder lösen</translation>
    </message>
    <message>
        <source>Open the conversation above</source>
        <translation>Die Unterhaltung darüber öffnen</translation>
    </message>
    <message>
        <source>Open the conversation below</source>
        <translation>Die Unterhaltung darunter öffnen</translation>
    </message>
    <message>
        <source>Copy the last reply</source>
        <translation>Die letzte Antwort kopieren</translation>
    </message>
    <message>
        <source>Regenerate the last reply</source>
        <translation>Die letzte Antwort neu erzeugen</translation>
    </message>
    <message>
        <source>Edit and resend the last message</source>
        <translation>Die letzte Nachricht bearbeiten und neu senden</translation>
    </message>
    <message>
        <source>Export the conversation as Markdown</source>
        <translation>Die Unterhaltung als Markdown exportieren</translation>
    </message>
    <message>
        <source>Export the conversation as JSON</source>
        <translation>Die Unterhaltung als JSON exportieren</translation>
    </message>
    <message>
        <source>Show this list of shortcuts</source>
        <translation>Diese Liste der Tastenkürzel zeigen</translation>
    </message>
</context>
<context>
    <name>sidebar</name>
    <message>
        <source>Delete conversation?</source>
        <translation>Unterhaltung löschen?</translation>
    </message>
    <message>
        <source>Delete “{title}” and all its messages?</source>
        <translation>„{title}“ mit allen Nachrichten löschen?</translation>
    </message>
    <message>
        <source>This cannot be undone. Its spend records stay in the usage log.</source>
        <translation>Das lässt sich nicht rückgängig machen. Die Ausgabeneinträge bleiben im Verbrauchsprotokoll.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>tray</name>
    <message>
        <source>Today: no daily cap set</source>
        <translation>Heute: kein Tageslimit gesetzt</translation>
    </message>
    <message>
        <source>Today: {spent} of {limit}</source>
        <translation>Heute: {spent} von {limit}</translation>
    </message>
</context>
</TS>
