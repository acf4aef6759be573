#!/usr/bin/env python
from anjian.__main__ import main

if __name__ == "__main__":
    main()
