"""Row ids from URLs and query strings: whole numbers the id columns can hold.

The id columns are 32-bit integers on PostgreSQL; SQLite takes 64 bits and overflows past
them (a 500, not a 404). An id outside the range names no row on either engine: it is
answered as not found, the same way on both, before any query is made.
"""
MAX_ID = 2**31 - 1


def is_id(number):
    return 0 <= number <= MAX_ID


def id_arg(value):
    """A query-string id (``request.args.get(name, type=id_arg)``): None when out of range."""
    number = int(value)
    if not is_id(number):
        raise ValueError(f"{value!r} is not an id")
    return number
