"""Serve the installed app: ``triggermap [streamlit options]`` (or ``python -m triggermap_app``), from any directory.

The same as ``streamlit run <this package>/server.py``; Streamlit reads the app's settings from the package's own
``.streamlit/config.toml``, beside server.py.
"""

import sys
from pathlib import Path

from streamlit.web import cli

SERVER = Path(__file__).with_name("server.py")


def main() -> None:
    sys.argv = ["streamlit", "run", str(SERVER), *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
