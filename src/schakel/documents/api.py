"""API: a case's documents (`GET`/`POST /api/v1/cases/{id}/documents`), one document's details
(`GET /api/v1/documents/{id}`) and its content (`GET /api/v1/documents/{id}/content`) — under
the same rules as the UI: the reader sees the owner and the data category, else 404; every
download audited."""

import django_filters
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from schakel.access import policy
from schakel.audit.models import AuditAction
from schakel.audit.services import record_read
from schakel.cases.selectors import get_case_for_view
from schakel.organisations.models import ApiScope, DataCategory

from . import services
from .models import Document


class DocumentSerializer(serializers.ModelSerializer):
    content = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "title", "case", "signal", "intervention", "inspection", "plan",
            "content_type", "size", "sha256",
            "data_category", "organisation", "uploaded_at", "content",
        ]  # fmt: skip

    def get_content(self, document) -> str:
        return f"/api/v1/documents/{document.pk}/content"


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    data_category = serializers.ChoiceField(choices=DataCategory.choices)


class CaseDocumentList(generics.GenericAPIView):
    """A case's documents that you may see; POST (multipart) adds one."""

    token_scopes = {"get": ApiScope.DOCUMENTS_READ, "post": ApiScope.DOCUMENTS_WRITE}
    serializer_class = DocumentSerializer
    queryset = Document.objects.none()
    filter_backends: list = []
    parser_classes = [MultiPartParser]

    def get(self, request, case_pk):
        case = get_case_for_view(request.user, case_pk, shows_persons=False)
        documents = Document.objects.visible_to(request.user).filter(case=case)
        page = self.paginate_queryset(documents)
        record_read(request.user, AuditAction.LIST, obj=case, detail=f"documenten {len(page)}")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request={"multipart/form-data": DocumentUploadSerializer})
    def post(self, request, case_pk):
        case = get_case_for_view(request.user, case_pk, shows_persons=False)
        if not policy.works_on_cases(request.user) or not case.is_open:
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        document = services.store(
            by=request.user,
            upload=upload.validated_data["file"],
            title=upload.validated_data["title"],
            data_category=upload.validated_data["data_category"],
            case=case,
        )
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)


class DocumentFilter(django_filters.FilterSet):
    # By id, not as a choice among all cases: "no such case" and "a case you may not see"
    # must answer alike (an empty list), or the filter would reveal which cases exist.
    case = django_filters.NumberFilter(field_name="case_id")
    signal = django_filters.NumberFilter(field_name="signal_id")
    intervention = django_filters.NumberFilter(field_name="intervention_id")
    inspection = django_filters.NumberFilter(field_name="inspection_id")

    class Meta:
        model = Document
        fields = ["case", "signal", "intervention", "inspection", "data_category"]


class DocumentViewSet(viewsets.GenericViewSet):
    """The documents you may see (of cases, signals, interventions, joint inspections and
    hot-spot plans), one document's details, and its content."""

    token_scopes = {
        "list": ApiScope.DOCUMENTS_READ,
        "retrieve": ApiScope.DOCUMENTS_READ,
        "content": ApiScope.DOCUMENTS_READ,
    }
    serializer_class = DocumentSerializer
    queryset = Document.objects.none()
    filterset_class = DocumentFilter
    lookup_value_regex = "[0-9a-fA-F-]{36}"  # a UUID; anything else is the API's 404

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return Document.objects.visible_to(self.request.user).order_by("-uploaded_at", "pk")

    def _document(self, pk):
        return get_object_or_404(Document.objects.visible_to(self.request.user), pk=pk)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        record_read(
            request.user, AuditAction.LIST, object_type="documents.document",
            detail=f"{len(page)} documenten",
        )  # fmt: skip
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        document = self._document(pk)
        record_read(request.user, AuditAction.VIEW, obj=document)
        return Response(self.get_serializer(document).data)

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def content(self, request, pk=None):
        document = self._document(pk)
        response = FileResponse(
            services.open_for_download(document, by=request.user),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response
