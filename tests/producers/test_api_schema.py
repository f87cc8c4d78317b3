"""The API against its own OpenAPI description (security finding 15): schemathesis generates requests from the
schema, valid and invalid, and checks every answer against the documented status codes and shapes; no 500.
Bounded to a fixed number of examples per operation; the count is printed in the test summary."""

from collections import Counter

import schemathesis
from conftest import record_figure
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from producers.api import create_app

EXAMPLES_PER_OPERATION = 60


def test_every_answer_is_the_one_documented(settings) -> None:
    own = settings.model_copy(update={"status_index": settings.index_alias.removesuffix("-submissions") + "-st",
                                      "ledger_index": settings.index_alias.removesuffix("-submissions") + "-lg"})
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(own))
    answers: Counter[int] = Counter()
    for found in schema.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
                             suppress_health_check=list(HealthCheck))
        def answered_as_documented(case: schemathesis.Case) -> None:
            # a schema-valid body may still break a rule across fields (a country or a region): a 422 is right
            answers[case.call_and_validate(excluded_checks=[positive_data_acceptance]).status_code] += 1

        answered_as_documented()
    record_figure(f"schemathesis: {sum(answers.values())} generated requests, every answer as documented "
                  f"(status codes {dict(sorted(answers.items()))})")
    assert sum(answers.values()) >= EXAMPLES_PER_OPERATION and not any(code >= 500 for code in answers)
