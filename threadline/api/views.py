from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from threadline.core import policies, selectors

from .permissions import policy_permission
from .serializers import MeSerializer, OrganisationSerializer


class MeView(APIView):
    """The signed-in person or partner system, with their organisations and roles."""

    permission_classes = [policy_permission(policies.is_signed_in)]
    serializer_class = MeSerializer

    def get(self, request):
        return Response(MeSerializer(request.user).data)


class OrganisationListView(generics.ListAPIView):
    permission_classes = [policy_permission(policies.can_list_organisations)]
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return selectors.organisations_visible_to(self.request.user).order_by("name")


class OrganisationDetailView(generics.RetrieveAPIView):
    permission_classes = [policy_permission(policies.is_signed_in)]
    serializer_class = OrganisationSerializer

    def get_object(self):
        return selectors.organisation_for(self.request.user, self.kwargs["pk"])


class SchemaView(SpectacularAPIView):
    permission_classes = [policy_permission(policies.is_signed_in)]
