# Runs the installed AWS CLI's own driver (awscli.clidriver) once per request line, in one
# long-lived interpreter, so that a test pays Python's start and the CLI's imports once instead of
# once per command. Each request is a JSON line {"env": {...}, "args": [...]}: the process's AWS_*
# variables are replaced by "env" (AWS_DATA_PATH, which awscli sets for itself on import, stays),
# a fresh driver parses "args" exactly as `aws` would, and the answer is one JSON line
# {"exit": n, "out": "...", "err": "..."} on the real stdout. Read by dev.backroom.harness.AwsCli.
import contextlib
import io
import json
import os
import sys

import awscli
import awscli.clidriver

real_out = sys.stdout
print(json.dumps({"ready": awscli.__version__}), file=real_out, flush=True)
for line in sys.stdin:
    request = json.loads(line)
    for name in [k for k in os.environ if k.startswith("AWS_") and k != "AWS_DATA_PATH"]:
        del os.environ[name]
    os.environ.update(request["env"])
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = awscli.clidriver.create_clidriver().main(request["args"])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException as e:  # what the CLI itself would print as a crash
            print("aws-cli-server: %s: %s" % (type(e).__name__, e), file=sys.stderr)
            code = 255
    answer = {"exit": code,
              "out": out.buffer.getvalue().decode("utf-8", "replace"),
              "err": err.buffer.getvalue().decode("utf-8", "replace")}
    print(json.dumps(answer), file=real_out, flush=True)
