"""``python -m custrecords``: the command line."""

from custrecords.cli import main_exit

__all__: list[str] = []

if __name__ == "__main__":
    main_exit()
