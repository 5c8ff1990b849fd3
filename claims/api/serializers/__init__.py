"""API representations (output) and request bodies (input), one module per resource.

Output serializers only read attributes the selectors loaded; input serializers only check
shape and types, the services do the rest.
"""

from claims.api.serializers.articles import (
    ArticleClaimSerializer,
    ArticleDetailSerializer,
    ArticleIngestedSerializer,
    ArticleInputSerializer,
    ArticleQuoteSerializer,
    ArticleSerializer,
    ArticleUploadSerializer,
)
from claims.api.serializers.claims import (
    AsOfQuerySerializer,
    ClaimAppearanceSerializer,
    ClaimDetailSerializer,
    ClaimReviewSerializer,
    ClaimSerializer,
    DismissalSerializer,
    GroupMergeInputSerializer,
    GroupSerializer,
    GroupSplitInputSerializer,
    QuoteSerializer,
    VerdictAsOfSerializer,
    VerdictHistorySerializer,
    VerdictInputSerializer,
    VerdictSerializer,
)
from claims.api.serializers.common import (
    ApiUrlField,
    ArticleBriefSerializer,
    ErrorSerializer,
    RawSchemaExtension,
    RawSchemaSerializer,
    SpeakerBriefSerializer,
    ValidationErrorSerializer,
)
from claims.api.serializers.desk import (
    AssignInputSerializer,
    ReturnInputSerializer,
    StatementInputSerializer,
)
from claims.api.serializers.speakers import (
    MonthlyRecordSerializer,
    QuoteCountsSerializer,
    SpeakerDetailSerializer,
    SpeakerSerializer,
    VerdictTallyField,
)
from claims.api.serializers.webhooks import (
    WebhookCreatedSerializer,
    WebhookDeliverySerializer,
    WebhookInputSerializer,
    WebhookSubscriptionSerializer,
)

__all__ = [
    "DismissalSerializer",
    "ApiUrlField",
    "AssignInputSerializer",
    "ReturnInputSerializer",
    "StatementInputSerializer",
    "ArticleBriefSerializer",
    "ArticleClaimSerializer",
    "ArticleDetailSerializer",
    "ArticleIngestedSerializer",
    "ArticleInputSerializer",
    "ArticleQuoteSerializer",
    "ArticleSerializer",
    "ArticleUploadSerializer",
    "AsOfQuerySerializer",
    "ClaimAppearanceSerializer",
    "ClaimDetailSerializer",
    "ClaimReviewSerializer",
    "ClaimSerializer",
    "ErrorSerializer",
    "GroupMergeInputSerializer",
    "GroupSerializer",
    "GroupSplitInputSerializer",
    "MonthlyRecordSerializer",
    "QuoteCountsSerializer",
    "QuoteSerializer",
    "RawSchemaExtension",
    "RawSchemaSerializer",
    "SpeakerBriefSerializer",
    "SpeakerDetailSerializer",
    "SpeakerSerializer",
    "ValidationErrorSerializer",
    "VerdictAsOfSerializer",
    "VerdictHistorySerializer",
    "VerdictInputSerializer",
    "VerdictSerializer",
    "VerdictTallyField",
    "WebhookCreatedSerializer",
    "WebhookDeliverySerializer",
    "WebhookInputSerializer",
    "WebhookSubscriptionSerializer",
]
