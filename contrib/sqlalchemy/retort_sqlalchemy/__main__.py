"""python3 -m retort_sqlalchemy MODULE:ATTRIBUTE [--dialect NAME]"""
import sys

from retort_sqlalchemy import main

sys.exit(main())
