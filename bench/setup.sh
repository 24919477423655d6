#!/bin/sh
# Make the benchmark's environments, from a fresh clone:
#   bench/.venv           Django 5.2 (the corpus), flake8 and ruff (the baselines); runs bench/run.py
#   bench/.venv/sendsync  this project, installed editable (inside .venv, which every tool skips)
# sendsync gets its own environment because it registers a flake8 plugin (SSC): installed next to
# flake8, every `flake8` run would also run sendsync on each file and the baseline would be wrong.
#
#   sh bench/setup.sh                       # PYTHON=python3.12 sh bench/setup.sh for another one
#   bench/.venv/bin/python bench/run.py --corpus django
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}

"$python" -m venv "$here/.venv"
"$here/.venv/bin/python" -m pip install --quiet --upgrade pip
"$here/.venv/bin/python" -m pip install --quiet 'django==5.2.*' flake8 ruff

"$python" -m venv "$here/.venv/sendsync"
"$here/.venv/sendsync/bin/python" -m pip install --quiet --upgrade pip
"$here/.venv/sendsync/bin/python" -m pip install --quiet -e "$here/.."

"$here/.venv/bin/python" -c 'import django; print("django", django.__version__, "at", django.__path__[0])'
"$here/.venv/bin/flake8" --version
"$here/.venv/bin/ruff" --version
"$here/.venv/sendsync/bin/sendsync" --version
echo "now: $here/.venv/bin/python $here/run.py --corpus django --corpus stdlib"
