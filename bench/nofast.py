"""``sendsync ARGS`` with the fast path off: the deep pass checks every module that parses, not
only those the light pass picks (the ones that spawn threads, mention the markers or subclass a
Thread). The output must be byte-identical to the fast path's: run.py --full-analysis compares.

    python bench/nofast.py check --no-cache -j1 PATH

Run it with the interpreter sendsync is installed in. It swaps the light pass's choice
(``sendsync.engine.light.interesting``) for "every valid module" wherever it was imported, turns
off the blanking of unreachable function bodies (``sendsync.engine.prune.pruned``), then runs the
ordinary command line, so everything else (discovery, configuration, output) is the CLI's.
"""
from __future__ import annotations

import importlib
import sys


def main() -> int:
    try:
        light = importlib.import_module("sendsync.engine.light")
        original = light.interesting
    except (ImportError, AttributeError) as exc:
        print(f"nofast.py: this sendsync has no light-pass choice to turn off ({exc})", file=sys.stderr)
        return 3

    def everything(sources, lights, *args, **kwargs):
        _, threadish = original(sources, lights, *args, **kwargs)
        return [s for s in sources if lights[s.path].error is None], threadish

    setattr(light, "interesting", everything)  # noqa: B010 (a module attribute, on purpose)
    for name in ("sendsync.engine.checker", "sendsync.engine.parallel", "sendsync.cli"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    patched = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("sendsync") or name == light.__name__:
            continue
        if getattr(module, "interesting", None) is original:
            setattr(module, "interesting", everything)
        if getattr(module, "interesting", None) is everything:
            patched += 1
    if not patched:
        print("nofast.py: no module of this sendsync uses the light-pass choice", file=sys.stderr)
        return 3
    # and every module is parsed whole: no function body blanked (sendsync.engine.prune)
    try:
        prune = importlib.import_module("sendsync.engine.prune")
        blanking = prune.pruned
    except (ImportError, AttributeError):
        blanking = None
    if blanking is not None:
        def whole(data, *args, **kwargs):
            return data

        for name, module in list(sys.modules.items()):
            if name.startswith("sendsync") and getattr(module, "pruned", None) is blanking:
                setattr(module, "pruned", whole)  # noqa: B010
    from sendsync.cli import main as cli

    sys.argv = ["sendsync", *sys.argv[1:]]
    return cli(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
