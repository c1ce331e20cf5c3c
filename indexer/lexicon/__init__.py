"""Word lists as data, one list per idea, as spaCy writes its language data.

Each list is named for what makes it different from its neighbours; a rule
that needs a list imports it from here instead of spelling it again.

- ``names``: titles, abbreviations with a dot, name particles, the words a
  name is made of;
- ``speech``: the verbs that report speech;
- ``grammar``: function words the quote rules read a sentence by;
- ``bylines``: how a credit line opens, joins its names, and what is no name;
- ``patterns``: regular expressions built from a list (an alternation, a trie).

Lists about page markup (meta tags, class names) live with the web-page
reader, in ``indexer.readers.html.markup``.
"""
