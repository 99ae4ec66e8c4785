#!/usr/bin/python3
"""Validates staplecheck's JSON output against schema/staplecheck-report.schema.json.

usage: validate-json.py KIND [FILE...]   (standard input without FILE)

KIND is one of the schema's report kinds (checkReport, batchLine, inspectReport, fetchReport)
or `any`: each object is then held to the kind its keys name (`input`: batchLine, `file`:
inspectReport, `action`: fetchReport, otherwise checkReport), which gives clearer errors than
the schema's own oneOf. Each input is one JSON document — an object, or an array
of objects (`--format json` over a batch) — or NDJSON, one object per line. Every object is
validated with the draft 2020-12 validator of Python's `jsonschema` (Debian's
python3-jsonschema, hence /usr/bin/python3); each error is printed with the path to the
offending value. Exit status 0 when all are valid, 1 when one is not, 2 on a usage error.
"""
import json
import os
import sys

import jsonschema
import jsonschema.exceptions

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schema", "staplecheck-report.schema.json")


def documents(text, name):
    text = text.strip()
    if not text:
        raise ValueError(f"{name}: no JSON")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        return [(f"{name}:{n}", json.loads(line)) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if isinstance(whole, list):
        return [(f"{name}[{i}]", item) for i, item in enumerate(whole)]
    return [(name, whole)]


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    kind = argv[1]
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    if kind != "any" and kind not in schema["$defs"]:
        print(f"validate-json: no kind {kind} in the schema", file=sys.stderr)
        return 2

    def validator(name):
        return jsonschema.Draft202012Validator({"$schema": schema["$schema"], "$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})

    validators = {name: validator(name) for name in ("checkReport", "batchLine", "inspectReport", "fetchReport")}

    def kind_of(document):
        if kind != "any":
            return kind
        keys = document.keys() if isinstance(document, dict) else ()
        return "batchLine" if "input" in keys else "inspectReport" if "file" in keys else "fetchReport" if "action" in keys else "checkReport"
    inputs = [(path, open(path, encoding="utf-8").read()) for path in argv[2:]] or [("-", sys.stdin.read())]
    count = failures = 0
    for name, text in inputs:
        for where, document in documents(text, name):
            count += 1
            chosen = kind_of(document)
            errors = sorted((validators.get(chosen) or validator(chosen)).iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
            for error in errors:
                # A nullable field's anyOf: say what is wrong inside it, not "not valid under any".
                while error.context:
                    inner = [e for e in error.context if (e.validator, e.validator_value) != ("type", "null")] or error.context
                    error = jsonschema.exceptions.best_match(inner)
                path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path) or "(top)"
                print(f"{where}: {path}: {error.message}")
            failures += bool(errors)
    print(f"validate-json: {count - failures} of {count} {kind} documents valid", file=sys.stderr)
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
