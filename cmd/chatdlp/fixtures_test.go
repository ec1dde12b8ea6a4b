package main

// goodRule is a user rule file that loads.
const goodRule = `rules:
  - id: project-falcon
    description: Code name of an unannounced project
    severity: medium
    pattern: '\bfalcon-\d{4}\b'
    keywords: [falcon]
    action: log
    examples:
      match: ["status of falcon-2025"]
      no_match: ["a falcon flew by"]
`
