from rest_framework import serializers

from threadline.core.models import Organisation, User


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "type", "nation", "is_active"]


class MeSerializer(serializers.ModelSerializer):
    organisations = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "organisations"]

    def get_organisations(self, person) -> list[dict]:
        return [
            {"id": org.pk, "name": org.name, "roles": sorted(person.roles_in(org))}
            for org in person.organisations()
        ]
