"""API: POST /api/v1/already-known — is a person known in an open case, and whom to contact?

The answer holds only organisation names; the question is audited without its values. A partner
that may not send names sends a keyed Bloom-filter encoding (`clk`) instead.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from schakel.access import policy
from schakel.lib.plausible import validate_date_of_birth
from schakel.organisations.models import ApiScope
from schakel.registry.validators import validate_bsn

from . import elsewhere, services
from .services import AskReason


class AlreadyKnownQuestionSerializer(serializers.Serializer):
    given_names = serializers.CharField(required=False, allow_blank=True, max_length=200)
    surname_prefix = serializers.CharField(required=False, allow_blank=True, max_length=20)
    surname = serializers.CharField(required=False, allow_blank=True, max_length=200)
    # YYYY-MM-DD only: DRF's default also reads the compact 19900101 (schakel.lib.plausible).
    date_of_birth = serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=["%Y-%m-%d"],
        validators=[validate_date_of_birth],
    )
    bsn = serializers.CharField(
        required=False, allow_blank=True, max_length=9, validators=[validate_bsn]
    )
    clk = serializers.CharField(
        required=False, allow_blank=True, max_length=4096, help_text="Base64 CLK."
    )
    key_label = serializers.CharField(required=False, allow_blank=True, max_length=100)
    reason = serializers.ChoiceField(
        choices=AskReason.choices, help_text="Why you ask; recorded with the question."
    )

    def validate(self, attrs):
        has_person = services.enough_to_ask(
            bsn=attrs.get("bsn"),
            given_names=attrs.get("given_names"),
            surname=attrs.get("surname"),
            date_of_birth=attrs.get("date_of_birth"),
        )
        if not attrs.get("clk") and not has_person:
            raise serializers.ValidationError(str(services.ENOUGH_TO_ASK))
        return attrs


class KnownElsewhereSerializer(serializers.Serializer):
    installation = serializers.CharField(
        help_text="The other Veiligheidshuis that knows the person."
    )
    contact = serializers.CharField()


class AlreadyKnownAnswerSerializer(serializers.Serializer):
    known = serializers.BooleanField()
    organisations = serializers.ListField(child=serializers.CharField())
    elsewhere = KnownElsewhereSerializer(
        many=True, help_text="Other Veiligheidshuizen that know the person (names only)."
    )


class AlreadyKnownViewSet(viewsets.ViewSet):
    """Ask whether a person is already known in an open case; the answer names organisations."""

    # The scope a system client's token needs per action (organisations/tokens.py).
    token_scopes = {"create": ApiScope.ALREADY_KNOWN_ASK}

    @extend_schema(request=AlreadyKnownQuestionSerializer, responses=AlreadyKnownAnswerSerializer)
    def create(self, request):
        if not policy.works_on_cases(request.user):
            raise PermissionDenied
        question = AlreadyKnownQuestionSerializer(data=request.data)
        question.is_valid(raise_exception=True)
        data = question.validated_data
        if data.get("clk"):
            answer = services.already_known_by_encoding(
                by=request.user,
                clk=data["clk"],
                key_label=data.get("key_label", ""),
                reason=data["reason"],
            )
            known_elsewhere = []  # an encoding under a partner's key means nothing to others
        else:
            question = {
                "given_names": data.get("given_names", ""),
                "surname_prefix": data.get("surname_prefix", ""),
                "surname": data.get("surname", ""),
                "date_of_birth": data.get("date_of_birth"),
                "bsn": data.get("bsn", ""),
                "reason": data["reason"],
            }
            answer = services.already_known(by=request.user, **question)
            known_elsewhere = elsewhere.ask(by=request.user, **question)
        return Response(
            AlreadyKnownAnswerSerializer(
                {
                    "known": answer.known,
                    "organisations": answer.organisations,
                    "elsewhere": known_elsewhere,
                }
            ).data
        )
