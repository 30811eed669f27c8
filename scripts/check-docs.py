#!/usr/bin/env python3
"""Checks that every public declaration of the library modules is documented.

A public declaration (`public`/`open`, not `public extension` or `import`) needs a
`///` comment right above it (attribute lines in between are fine). A public
function, initializer or subscript that takes parameters needs `- Parameter` /
`- Parameters:`; one that throws (or rethrows) needs `- Throws:`. Declarations
marked deprecated only need a line naming their replacement.

Usage: scripts/check-docs.py [SOURCES_DIR] [--list]. Exit status 1 if anything is
missing (each finding printed as path:line: what), 0 otherwise.
"""
import os
import re
import sys

DECL = re.compile(
    r'^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*'
    r'(?:(?:nonisolated|final|override|static|class|mutating|nonmutating|convenience|required|'
    r'indirect|dynamic|lazy|consuming|borrowing)\s+)*'
    r'(?:public|open)(?:\s*\([^)]*\))?\s+(?!extension\b|import\b)')
CALLABLE = re.compile(r'\b(func\s+[^\s(<]+|init[?!]?|subscript)\s*(<[^>]*>)?\s*\(')


def doc_block(lines, i):
    """The `///` lines above line i (skipping attributes), or None."""
    j = i - 1
    while j >= 0 and re.match(r'\s*(@|#if|#else|#endif)', lines[j]):
        j -= 1
    block = []
    while j >= 0 and lines[j].strip().startswith('///'):
        block.append(lines[j].strip())
        j -= 1
    attrs = ' '.join(lines[k] for k in range(j + 1, i + 1))
    return list(reversed(block)), attrs


def signature(lines, i):
    """Text of the declaration from line i up to its body or end (at most 12 lines)."""
    text = ''
    for k in range(i, min(i + 12, len(lines))):
        text += lines[k] + '\n'
        if '{' in lines[k] or (k > i and lines[k].strip() == ''):
            break
    return text.split('{')[0]


def parameters_and_effects(sig):
    m = CALLABLE.search(sig)
    if not m:
        return None
    start = m.end()  # just after '('
    depth, k = 1, start
    while k < len(sig) and depth:
        depth += {'(': 1, ')': -1}.get(sig[k], 0)
        k += 1
    params = sig[start:k - 1].strip()
    after = sig[k:]
    throws = re.search(r'\b(throws|rethrows)\b', after.split('->')[0]) is not None
    return bool(params), throws


def check(root):
    findings = []
    total = 0
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith('.swift'):
                continue
            path = os.path.join(dirpath, name)
            lines = open(path, encoding='utf-8').read().split('\n')
            for i, line in enumerate(lines):
                if not DECL.match(line) or re.match(r'^\s*(public|open)\s+(private|internal|fileprivate)\b', line):
                    continue
                total += 1
                where = f'{path}:{i + 1}'
                block, attrs = doc_block(lines, i)
                if not block:
                    findings.append(f'{where}: no doc comment: {line.strip()[:90]}')
                    continue
                if 'deprecated' in attrs:
                    continue
                info = parameters_and_effects(signature(lines, i))
                if info is None:
                    continue
                has_params, throws = info
                text = '\n'.join(block)
                if has_params and '- Parameter' not in text:
                    findings.append(f'{where}: no `- Parameter(s):` in the doc comment of {line.strip()[:70]}')
                if throws and '- Throws:' not in text:
                    findings.append(f'{where}: no `- Throws:` in the doc comment of {line.strip()[:70]}')
    return total, findings


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), '..', 'Sources')
    total, findings = check(root)
    for f in findings:
        print(f)
    print(f'{total} public declarations, {len(findings)} documentation findings', file=sys.stderr)
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main())
