"""praxhub: a knowledge and co-operation hub for the prevention of radicalisation and violent extremism."""

__version__ = "0.1.0"
