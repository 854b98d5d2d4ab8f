"""Similar submissions: MOSS-style fingerprints of the answer cells of one assignment.

    fingerprints = fingerprint_class(answers, starter)   # {student: {exercise: code}}
    pairs = similar_pairs(fingerprints, threshold=0.5)

Every answer is tokenized with the layout, comments and docstrings dropped and the student's own
names replaced by one placeholder (so renaming and reformatting change nothing), then cut into
k-grams of tokens that never cross a statement boundary (so reordering statements changes
nothing either). The k-grams are hashed and winnowed statement by statement: of every w
consecutive hashes the smallest is kept (Schleimer, Wilkerson & Aiken, "Winnowing", SIGMOD 2003),
which guarantees that any shared run of w + k - 1 tokens inside a statement is seen.
Fingerprints of the released starter code, and those most of the class shares (a one-line
formula everybody writes the same way), are ignored. A pair's similarity is the share of the
smaller submission's fingerprints that the other one has too.
"""

import ast
import builtins
import hashlib
import io
import keyword
import tokenize
from dataclasses import dataclass, field
from itertools import combinations

K = 5  # tokens per k-gram
WINDOW = 3  # k-grams per winnowing window
MIN_TOKENS = 3  # a statement shorter than K still counts as one gram if it has this many
COMMON_SHARE = 0.5  # a fingerprint in more than this share of the class is ignored...
COMMON_MIN = 3  # ...once it is in more than this many submissions
KEPT_NAMES = frozenset(dir(builtins)) | {"np", "numpy", "math", "self"}
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING,
           tokenize.ENDMARKER, tokenize.TYPE_COMMENT}


@dataclass(frozen=True)
class Token:
    text: str  # normalized: a student's own name is "V"
    line: int  # 1-based, in the answer cell


@dataclass
class Submission:
    """One student's fingerprints: hash -> the (exercise, line) places it comes from."""
    student: str
    code: dict  # exercise -> the answer cell's source
    places: dict = field(default_factory=dict)  # hash -> {(exercise, line), ...}


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    similarity: float  # shared fingerprints / fingerprints of the smaller submission
    shared: int
    lines: dict  # exercise -> (lines of first, lines of second) holding shared fingerprints


def statements(code):
    """The normalized tokens of `code`, one list per logical line (statement or header).

    Names the student chose become "V" and every string "S" (adjacent strings are one);
    grouping parentheses, trailing commas and the spelling of numbers (1e-5 or 1e-05) are
    dropped, as a code formatter changes them."""
    lines, current, previous, parens = [], [], None, []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.NEWLINE:
                lines.append(current)
                current, previous, parens = [], None, []
                continue
            if tok.type in SKIPPED:
                continue
            text = normalized(tok, previous)
            if text == "S" and current and current[-1].text == "S":
                continue  # "a" "b" is one string, as a formatter writes it
            if text == "(":
                parens.append(previous is not None and (previous[-1:] in ")]" or (
                    previous.isidentifier() and not keyword.iskeyword(previous))))
            if text in ")]" and current and current[-1].text == ",":
                current.pop()  # a trailing comma
            previous = tok.string
            if (text == "(" and not parens[-1]) or (text == ")" and parens and not parens.pop()):
                continue  # grouping parentheses: a formatter adds and removes them
            current.append(Token(text, tok.start[0]))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # an unfinished answer: what was read so far still counts
    lines.append(current)
    return [without_docstring(line) for line in lines if line]


def normalized(tok, previous):
    """One token as the fingerprint sees it."""
    if tok.type == tokenize.NAME and not keyword.iskeyword(tok.string):
        return tok.string if previous == "." or tok.string in KEPT_NAMES else "V"
    if tok.type == tokenize.STRING:
        return "S"  # messages and docstrings carry no logic; a renamer or formatter rewrites them
    if tok.type == tokenize.NUMBER:
        try:
            return repr(ast.literal_eval(tok.string))
        except (ValueError, SyntaxError):
            return tok.string  # an f-string: kept as written
    return tok.string


def without_docstring(line):
    """A statement that is only a string (a docstring) carries no fingerprint."""
    return [] if len(line) == 1 and line[0].text == "S" else line


def grams(tokens, k=K):
    """(hash, first line, last line) of every k-gram inside one statement."""
    if len(tokens) < MIN_TOKENS:
        return []
    spans = [tokens[i:i + k] for i in range(max(len(tokens) - k + 1, 1))]
    return [(stable_hash(" ".join(t.text for t in span)), span[0].line, span[-1].line)
            for span in spans]


def stable_hash(text):
    """64 bits of BLAKE2b: the same in every process (Python's hash() is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def winnow(hashed, window=WINDOW):
    """The rightmost smallest hash of every window of `window` consecutive entries."""
    if len(hashed) <= window:
        return sorted(set(hashed), key=hashed.index)
    kept = []
    for start in range(len(hashed) - window + 1):
        chunk = hashed[start:start + window]
        smallest = min(h for h, *_ in chunk)
        pick = max(i for i, (h, *_) in enumerate(chunk) if h == smallest) + start
        if not kept or kept[-1][0] != pick:
            kept.append((pick, hashed[pick]))
    return [entry for _, entry in kept]


def fingerprints(code):
    """{hash: {line, ...}} of one answer cell."""
    found = {}
    for statement in statements(code):  # winnowed one statement at a time: order-free
        for digest, first, last in winnow(grams(statement)):
            found.setdefault(digest, set()).update(range(first, last + 1))
    return found


def fingerprint_class(answers, starter=None):
    """Submissions with the starter code's and the class's common fingerprints left out.

    Inputs:
    - answers: {student: {exercise: answer cell source}}
    - starter: {exercise: the released answer cell} (its fingerprints are ignored)
    Returns:
    - [Submission, ...], in the order of `answers`
    """
    ignored = {h for code in (starter or {}).values() for h in fingerprints(code)}
    submissions = []
    for student, cells in answers.items():
        submission = Submission(student, dict(cells))
        for exercise, code in cells.items():
            for digest, lines in fingerprints(code).items():
                if digest not in ignored:
                    places = submission.places.setdefault(digest, set())
                    places.update((exercise, line) for line in lines)
        submissions.append(submission)
    counts = {}
    for submission in submissions:
        for digest in submission.places:
            counts[digest] = counts.get(digest, 0) + 1
    common = {h for h, n in counts.items()
              if n > COMMON_MIN and n > COMMON_SHARE * len(submissions)}
    for submission in submissions:
        for digest in common & submission.places.keys():
            del submission.places[digest]
    return submissions


def compare(a, b):
    """The Pair of two Submissions (similarity 0 when either has no fingerprint)."""
    shared = a.places.keys() & b.places.keys()
    smaller = min(len(a.places), len(b.places))
    lines = {}
    for digest in shared:
        for side, submission in enumerate((a, b)):
            for exercise, line in submission.places[digest]:
                lines.setdefault(exercise, (set(), set()))[side].add(line)
    return Pair(a.student, b.student, len(shared) / smaller if smaller else 0.0, len(shared),
                lines)


def similar_pairs(submissions, threshold=0.5):
    """Every pair at or above `threshold`, most similar first."""
    pairs = []
    for a, b in combinations(submissions, 2):
        smaller = min(len(a.places), len(b.places))
        shared = len(a.places.keys() & b.places.keys()) if smaller else 0
        if shared and shared >= threshold * smaller:  # only then the matching lines
            pairs.append(compare(a, b))
    return sorted(pairs, key=lambda p: (-p.similarity, p.first, p.second))
