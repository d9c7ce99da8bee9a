"""onetext: a confidential workspace for negotiating agreements point by point."""

__all__ = ["__version__"]

__version__ = "0.1.0"
