<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AttachmentBar</name>
    <message>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Attachment: {label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent with your next message as data, not as instructions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this attachment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Could not open the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: see the log file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting {seconds:.0f} s: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trying {provider} instead: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying {provider} (attempt {n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking {provider}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the image…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DailySpendChart</name>
    <message>
        <source>Spend per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No spend in this period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (some unpriced)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No spend in this period</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>No system tray here: run “jarvis quick-ask” (bind it to a shortcut) for the quick-ask popup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All requests paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests resumed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeysPane</name>
    <message>
        <source>Keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the key with {p}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was not stored: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was not stored: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{p} rejected the key; it was not stored and the previous key (if any) stays. {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key saved. {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There was no stored key to delete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain: {name} (secure). {msg}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain: {name} (not secure).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spend in this chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode — simulated providers, no cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which provider answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which model answers (you may type one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys &amp;&amp; settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pin or unpin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as &amp;Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation &amp;list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask Jarvis…  (Ctrl+Enter to send, Esc to stop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the message (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reply is still being written: Esc stops it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First choose Edit or Send anyway for the message held back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing your last message: sending it replaces the last exchange.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export yet: this chat is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (no key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What can I help with?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies stream in as they are written. Each one shows the provider, the model, the tokens and what it cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chat: {cost}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> + {n} unpriced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: the message contains a secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No provider key yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jarvis needs an API key for one of: {names}.&lt;br&gt;&lt;br&gt;Try it first with simulated providers, at no cost:&lt;br&gt;&lt;code&gt;jarvis gui --demo&lt;/code&gt;&lt;br&gt;&lt;br&gt;Add a key (stored in your system keychain):&lt;br&gt;&lt;code&gt;jarvis keys set {first}&lt;/code&gt;&lt;br&gt;&lt;br&gt;or set ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, then start Jarvis again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Jarvis budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your reply is ready.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Panes</name>
    <message>
        <source>API keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PromptEdit</name>
    <message>
        <source>Not attached: the pasted HTML is larger than 1 MB (Ctrl+Shift+V pastes it as plain text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not attached: {name} is not a text file of at most 1 MB</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderCard</name>
    <message>
        <source>Provider {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New API key for {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a new key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test the {name} key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the {name} key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}, model {model}{off}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the official API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{verb} for {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validated {validated} · used {used}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added {added} · </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key is more than 90 days old: consider rotating it (create a new key with the provider, replace it here, revoke the old one).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickAsk</name>
    <message>
        <source>Internal error: see the log file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickAskPopup</name>
    <message>
        <source>Jarvis quick ask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick ask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask anything, then press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter ask · Ctrl+C copy · Ctrl+O open in chat · Esc hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the answer as Markdown (Ctrl+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open in chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue this conversation in the main window (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still answering: Esc hides, the answer keeps coming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting… the question goes out in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in chat to follow links and load images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{why} Open it in the chat to decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers come from the {tier} tier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoteImages</name>
    <message>
        <source>Only images on the web can be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image from {host} could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{host} did not send an image.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPane</name>
    <message>
        <source>Daily cap (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly cap (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Daily cap (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Monthly cap (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max &amp;tokens per reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier “{tier}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>provider:model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fallback order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers are tried top to bottom when one fails. Drag, or use the buttons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache and privacy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Respo&amp;nse cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache lifetime (&amp;seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>redact: e-mail addresses, phone and card numbers are replaced before sending and restored in the reply; off: sent as typed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Personal data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep conversations (days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: until deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes apply at once, without a restart, and are written to config.toml (comments kept).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the official API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type the endpoint URL to approve it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings cannot be changed in demo mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to apply: no setting changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings applied; they are in use now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied: {why}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search history (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} — {n} messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>&amp;Quick ask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Jarvis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today: …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause all requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jarvis — {spend}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TurnActions</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy your message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this message to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put this message back in the input box; sending it replaces this exchange (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask again for a new reply to this message (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TurnWidget</name>
    <message>
        <source>Your message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What Jarvis changed in your message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message held back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the message with the secret in it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the message back into the input box; nothing is sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the reply as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry this prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the same prompt again; the new reply replaces this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached as data: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 item redacted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} items redacted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(Message hidden: it contains a secret.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n_in} in / {n_out} out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unpriced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first token {s:.2f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fallback from {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this code block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image from {host}, not loaded: click to load {url}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsagePane</name>
    <message>
        <source>Tokens by bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spend per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An amber foot marks a day with unpriced requests: their cost is unknown (not $0) and not in the bar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode (simulated spend, never charged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo spend by provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export spend rows as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fallbacks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache hits (saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache hits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spend by {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens by bucket: {buckets}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No spend caps are set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{spent} of {limit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resets {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export usage as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Jarvis cannot start: the config file has a problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem}

Fix the file and start Jarvis again; it was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jarvis stopped because of an internal error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log file has the details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jarvis</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>confirm</name>
    <message>
        <source>Load a remote image?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{host} is not on your list of image hosts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the image sends a request to {host}. A reply can hide parts of the conversation in an image address, so only load images from hosts you trust.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always allow this host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a link to {host}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link says {shown} but opens {host}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open {host}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>conversations</name>
    <message>
        <source>No reply was stored for this message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the conversation list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>keys</name>
    <message>
        <source>from the environment variable {env}, which overrides a stored key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored in the encrypted vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a demo key (simulated provider)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed (healthy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open (paused after failures)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>half-open (trying one request)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the key?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the stored key for {provider}? Jarvis cannot use {provider} until you add a key again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secure keychain was found ({name}), and Jarvis never writes keys to plain files. Options: set the provider&apos;s environment variable (for example OPENAI_API_KEY) before starting Jarvis; run Jarvis in a desktop session with a keychain (GNOME Keyring, KWallet); or keep keys in a passphrase-encrypted vault with `jarvis keys set PROVIDER --vault`.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>money</name>
    <message>
        <source>unpriced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ {n} unpriced</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rendering</name>
    <message>
        <source>embedded data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>image from {host}, not loaded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Send the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the conversation list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename the selected conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected conversation (in the list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin or unpin the selected conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the conversation above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the conversation below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the last reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate the last reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit and resend the last message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the conversation as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the conversation as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this list of shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sidebar</name>
    <message>
        <source>Delete conversation?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “{title}” and all its messages?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cannot be undone. Its spend records stay in the usage log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tray</name>
    <message>
        <source>Today: no daily cap set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today: {spent} of {limit}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
