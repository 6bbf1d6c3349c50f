"""The base of the content model's frozen data classes."""

from __future__ import annotations


class Value:
    """A frozen data class that pickles as (class, field values).

    Compiled files travel between processes and into the cache as pickles; this form is about
    twice as fast to write and read as the default for slotted, frozen data classes.
    """

    __slots__ = ()

    def __reduce__(self):
        return (type(self), tuple(getattr(self, name) for name in self.__slots__))
