"""``in`` on an integer column, as Django's own ``exact`` already is: a number past the column's
range matches nothing instead of failing the query.

A list of choices posted with 99999999999999999999 among them (a ModelMultipleChoiceField of any
form) would otherwise be a server error: SQLite cannot be asked with the number at all. Django
leaves it out of ``exact``, ``gt`` and the like (IntegerFieldOverflow) but not of ``in``.
"""

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
