/**
 * The message catalogue in English, for a client that asks for it (`Accept-Language: en`). Keys are
 * stable (clients and stored rows name them); messages are ICU MessageFormat with named parameters.
 * Every key here has its Chinese in `zh-CN.ts` (the type and `catalogue.test.ts` check both ways).
 */
export const en = {
  // Department names, shown for a `department` parameter: in English, the services' own names.
  'department.civil-affairs': 'civil-affairs',
  'department.education': 'education',
  'department.health': 'health',
  'department.medical-insurance': 'medical-insurance',
  'department.public-security': 'public-security',
  'department.service-center': 'service-center',

  // The gateway's refusals before GraphQL (gateway/httpErrors.ts, persistedRequest.ts).
  'gateway.rateLimited':
    'too many requests: at most {perMinute} a minute per caller; retry in {retryAfterSeconds} s',
  'gateway.payloadTooLarge': 'the request body is larger than the limit of {limit} bytes',
  'gateway.unsupportedMediaType':
    'a body of content-type {type} is not read: send the operation as application/json',
  'gateway.invalidJson': 'the body is not valid JSON',
  'gateway.badRequest': 'the request cannot be read: {detail}',
  'gateway.internalError': 'internal server error',
  'gateway.documentIdAndQuery': 'send a persisted document as `documentId` or `query`, not both',
  'gateway.documentIdFormat':
    'documentId must be a SHA-256 document hash, 64 hex digits, alone or prefixed `sha256:`',
  'gateway.hashMismatch':
    'the query sent is not the document its sha256Hash names: send the listed text, or the hash alone',
  // The gateway's refusals of an operation.
  'gateway.badPurpose':
    'the OneThing-Purpose header is not a purpose: a purpose is case <reference> or application <reference> (1–64 letters, digits, . _ / -), got {got}',
  'gateway.notSafelisted': 'this operation is not on the safelist of registered operations',
  'gateway.unknownOperation': 'Unknown operation named {name}.',
  'gateway.operationNameRequired': 'Must provide operation name if query contains multiple operations.',
  'gateway.subgraphCircuitOpen':
    'the {department} subgraph is failing; the gateway is not calling it for now',
  'gateway.subgraphUnreachable': 'the {department} subgraph could not be reached',
  'gateway.notLoaded': 'the gateway has not loaded its supergraph yet',
  'gateway.subscriptionNeedsMultipart':
    'a subscription is answered as a multipart stream: send Accept: multipart/mixed;subscriptionSpec=1.0',
  'gateway.subscriptionNotServed': 'the gateway does not serve the subscription {field}',
  'gateway.subscriptionThroughFragment': 'write the subscription field itself, not through a fragment',
  // Operation limits (lib/graphql/).
  'limits.maxIds':
    'This operation asks about {found} IDs; at most {limit} are allowed in one operation, counted over every field and alias.',
  'limits.maxCost':
    'Query Cost limit of {limit} exceeded, found {found} (a field asked for a list of IDs costs its selection once per ID).',

  // Authentication (lib/auth/): the problem, after "not authenticated: " or "not allowed: ".
  'auth.notAuthenticated': 'not authenticated: {problem}',
  'auth.notAllowed': 'not allowed: {problem}',
  'auth.unknownSubject': "the token's subject {subject} is no known identity",
  'auth.subjectNotAllowed': 'the identity provider signs citizens, staff and hospitals, not {subject}',
  'auth.tooOld': 'the token was issued too long ago',
  'auth.expired': 'the token has expired',
  'auth.wrongIssuerOrAudience': 'the token was not issued for this service: {detail}',
  'auth.badSignature': 'the token is not signed by a trusted key',
  'auth.malformed': 'the token cannot be read: {detail}',
  'auth.bearerFormat': 'the Authorization header must be "Bearer <JWT>"',
  'auth.livesTooLong': 'the token lives {lifetime} s, longer than the {maxAge} s this graph accepts',
  'auth.noKeys': 'this server has no keys to verify tokens with',
  'auth.eventUnsigned': 'an event must be signed by its publisher',
  'auth.takesNoEventsFrom': '{service} takes no events from {issuer}',
  'auth.eventNotSigned': 'the event is not the one its publisher signed',
  'auth.mayNotActFor': '{service} may not act for {subject}',
  'auth.signedByOther': "the token claims to be from {claimed} but is signed by {issuer}'s key",
  'auth.serviceTokenTooLong': 'a service token lives an hour at most',
  'auth.onlyTrustedServices': '{service} answers only services it trusts',
  'auth.mayNotCall': '{issuer} may not call {service}',
  'auth.certificateMismatch': "the connection's certificate is {certified}'s, the token {caller}'s",
  'auth.noCallerKeys': 'this subgraph has no keys to verify its callers with',
  'auth.onlyGatewayReadsSdl': "only the gateway reads this subgraph's _service",
  'department.failed': 'the {department} department system failed: {detail}',
  'department.rejected': '{department}: {detail}',
  'department.timeout': 'no answer within {ms} ms',
  'department.unreachable': "could not reach the {department} department's system",
  'department.notJson': '{path} answered with something that is not JSON',
  'department.httpStatus': '{path} answered HTTP {status}',
  'department.badShape': '{path} answered a shape the contract does not allow ({issue})',
  'department.districtCount': '{path} answered {districts} districts for {addresses} addresses',
  'access.notAllowed': 'not allowed: {what}',
  'access.signIn': 'sign in to read personal data',
  'refused.act': 'this act: only the service-center or the department’s staff may perform it',
  'refused.purposeRequired':
    'staff read personal data for a case or an application: state it in the OneThing-Purpose header ({form})',
  'refused.personsRecords': "reading this person's records",
  'refused.dataUses': "reading who used this person's data",
  'refused.dataUsesAuditors':
    "reading who used this person's data: only the person and the department's auditors may",
  'refused.maskedDataUses': "reading a masked person's data uses",
  'input.citizenId': '{argument} is not a valid citizen ID: {problem}',
  'citizenId.length': 'a citizen ID has 18 characters, this one has {length}',
  'citizenId.masked': 'a masked citizen ID stands for a person you may not read and cannot be looked up',
  'citizenId.format': 'a citizen ID is 17 digits followed by a digit or X',
  'citizenId.division': '{divisionCode} is not an administrative division code',
  'citizenId.birthDate': '{birthDate} is not a possible birth date',
  'citizenId.checksum': 'the check character should be {expected}, not {got}',
  'input.length': '{argument} must have 1–{max} characters, got {length}',
  'input.scalar': '{name} must be {expected}, got {got}',
  'input.format': '{argument} must be {expected}; got {got}',
  'input.oneOf': '{argument} must be one of {options}',
  'input.tooLong': '{argument} must be a street name of at most {max} characters; got {length}',
  'input.range': '{argument} must be a school year from {first} to {last}; got {got}',
  'expected.divisionCode': 'a 6-digit division code, e.g. 500103',
  'expected.schoolId': 'a school id such as SCH500103-01',
  'expected.districtId': 'a school district id such as XQ500103-01',
  'expected.date': 'a date YYYY-MM-DD',
  'expected.marriageId': 'a marriage certificate number, e.g. J500103-2015-000123',
  'expected.assistanceCaseId': 'an assistance case number, e.g. DB500106-0001',
  'expected.birthRecordId': 'a birth record number, BR followed by 12 digits, e.g. BR202610030001',
  'expected.householdId':
    'a household number, a 6-digit division code, a dash and 6 digits, e.g. 500103-000123',
  'expected.uuid': 'a UUID',
  'refused.marriage': 'this marriage registration: only its spouses may read it',
  'refused.assistanceCase': 'this assistance case: only its members may read it',
  'refused.birthRecord': 'reading this birth record',
  'refused.recordShares': 'reading whom this person shares records with: only the person may',
  'refused.registerEntry': "reading this person's register entry",
  'refused.household': 'reading this household register',
  'refused.addressChanges': "reading this household's address changes",
  'publicSecurity.tooManyPeople': 'people takes at most {max} citizen IDs, got {count}',
  'publicSecurity.nameLength': 'a name has 1–40 characters',
  'publicSecurity.addressFieldLength': '{name} must have 1–{max} characters',
  'publicSecurity.addressChangeScope': "changing a household's address needs the scope {scope}",
  'publicSecurity.addressChangeSignIn':
    'changing a household address needs a signed-in household head or staff member',
  'publicSecurity.addressChangeHeadOnly':
    'only the household head or public-security staff may change a household address',
  'publicSecurity.ownRecordsOnly': 'only a citizen shares their own records, or stops sharing them',
  'refused.householdAssistance':
    "this household's social assistance: only the members of its case may read it",
  'serviceCenter.applicationIdFormat': 'an application number looks like NB-20261120-7K3Q9X, got {got}',
  'serviceCenter.noApplication': 'there is no application {id}',
  'serviceCenter.birthRecordIdFormat': 'a birth record number is BR followed by 12 digits, got {got}',
  'serviceCenter.childNameFormat': 'a child name is 2–20 Chinese characters, optionally joined by "·"',
  'serviceCenter.idempotencyKeyLength': 'an idempotency key has 1–100 characters',
  'serviceCenter.mailingAddressFormat':
    'a mailing address needs a recipient, an 11-digit mobile number and an address',
  'serviceCenter.birthRecordUnreadable': 'the birth record could not be read: {detail}',
  'serviceCenter.noSuchBirth': 'no hospital reported a birth with number {id}',
  'serviceCenter.idempotencyKeyReused':
    'idempotency key {key} was already used for application {id} ({kind})',
  'serviceCenter.storeUnavailable':
    "the service-center's store did not answer while application {id} ran; it carries on once the store is back — ask for it again (the same idempotency key answers it)",
  'serviceCenter.signInTo': 'sign in to {what}',
  'serviceCenter.onlyFamily': '{what}: only the family, or staff with {scopes}, may apply',
  'errand.registerNewborn': 'register a newborn',
  'errand.applyForSchool': 'apply for a school place',
  'errand.openRestaurant': 'open a restaurant',
  'errand.changeEnterprise': "change an enterprise's registration",
  'refused.application': 'reading this application',
  'refused.maskedApplications': "reading a masked person's applications",
  'refused.personsApplications': "reading this person's applications",
  'refused.resume': 'resuming this application: only its applicant may',
  'refused.registerBirth': 'registering this birth: only the mother or the father the birth record names may',
  'refused.consents': 'consents: only citizens signed in as themselves give, revoke or list them',
  'refused.revokeConsent': 'revoking this consent: only its grantor may',
  'refused.notAParent': 'applying for child {child}: the population register does not record you as a parent',
  'refused.restaurantCitizenOnly':
    'opening a restaurant: only the citizen who will be its legal representative applies, with their own sign-in',
  'refused.enterpriseCitizenOnly':
    "changing an enterprise's registration: only a citizen acting for it applies, with their own sign-in",
  'refused.notRepresentative':
    'changing the registration of {creditCode}: market regulation does not record you as its legal representative or as an agent authorised for registration',
  'refused.ticketsOfDepartment': 'the tickets of {department}: you handle those of {yours}',
  'refused.ticketWindow': 'the 办不成事 window: only staff with {scope} work its tickets',
  'refused.ticket': 'acting on ticket {id}: it is no ticket of the departments you handle, or there is none',
  'consent.self': 'a consent is given to someone else: your own errands use your records without one',
  'consent.objectRequired': 'a consent is for one object: name it, e.g. the birth record id',
  'consent.idFormat': 'a consent number looks like CS-20261120-7K3Q9X, got {got}',
  'consent.expired': 'consent {id} expired unused at {at}: no application can use it',
  'consent.alreadyUsed':
    'consent {id} was used by application {application} at {at}: a used consent cannot be revoked',
  'consent.objectFormat':
    'a NEWBORN_REGISTRATION consent is for a birth record: BR followed by 12 digits, got {got}',
  'consent.objectNotYours':
    "no birth record {id} names you as the mother or the father: a consent is given for your own child's birth",
  'consent.objectNotShared':
    "birth record {id} does not name the grantee as the child's other parent: only the other parent's errand can use a consent for it",
  'enrolment.schoolIdFormat': 'a school id looks like SCH500103-01, got {got}',
  'enrolment.registerUnreadable': "the child's register entry could not be read: {detail}",
  'enrolment.noRecord': 'public security has no record of {id}',
  'restaurant.lineLength': '{field} is 1–{max} characters',
  'restaurant.notPositive': '{field} must be a positive number, got {got}',
  'restaurant.nameFormat': 'an enterprise name has at least 4 characters, Chinese among them; got {got}',
  'restaurant.divisionCodeFormat': 'a division code is 6 digits, e.g. 500103; got {got}',
  'restaurant.seatsCount': 'seats are a whole number, 0 or more; got {got}',
  'restaurant.noFoodItems': 'choose at least one food business item',
  'enterpriseChange.nothingToChange':
    'give at least one of name, registeredAddress and legalRepresentativeCitizenId to change',
  'tickets.textLength': '{argument} is 1–{max} characters, got {length}',
  'tickets.afterFormat': 'after must be the endCursor of a page of the queue',
  'tickets.firstRange': 'first is 1–{max}, got {got}',
  'tickets.idFormat': 'a ticket number looks like TK-000001, got {got}',
  'tickets.resolved': 'ticket {id} is resolved already ({at})',
  'tickets.notTaken': 'ticket {id} is held by nobody: take it first (takeTicket)',
  'tickets.taken': 'ticket {id} is taken by {holder} since {at}',
  'reason.said': '{words}',
  'reason.noData': 'HTTP {status} without data',
  'reason.noAssistance': 'the household receives no social assistance',
  'reason.waitsFor': 'waits for {step}, which could not be completed',
  'reason.waitsForReview': 'waits for a person to review {step}',
  'reason.rejected': 'not done: the application was rejected',
  'reason.departmentSaid': '{department}: {reason}',
  'reason.changeNotApplied':
    '{department} has not applied the change yet ({attempts} delivery attempts; last: {error})',
  'reason.and': '{first}; {rest}',
  'reason.stepFailed': 'the step failed',
  'rule.bornInMaternityUnit':
    'the child was born at {hospital}, which is not a licensed maternity unit in {municipality}; register the birth at the window',
  'rule.childUnderOneYear':
    'the child was born on {birthDate}, more than a year ago; late registration is done at the window',
  'rule.birthCertified': 'birth record {id} already has a birth certificate ({certificate})',
  'rule.birthRegistered': 'birth record {id} already has a birth certificate',
  'rule.motherRegistered': 'the mother named in the birth record has no population record',
  'rule.fatherRegistered': 'the father named in the birth record has no population record',
  'rule.parentHukou':
    "neither parent's hukou is in {municipality}; register the birth where a parent's hukou is",
  'rule.householdOfParent':
    'the birth record names no {parent, select, MOTHER {mother} other {father}} whose household the child could join',
  'rule.householdInMunicipality':
    "the {parent, select, MOTHER {mother's} other {father's}} hukou is not in {municipality}; choose the other parent's household",
  'rule.parentsMarried':
    "civil affairs holds no current marriage registration between the child's parents; the birth is registered at the window",
  'rule.childHukou':
    "the child's hukou is registered in {where}, not in {municipality}; children living here with a residence permit (随迁子女) apply at the education window",
  'rule.schoolEntryAge':
    'a child born on {birthDate} enters primary school in September {expected} (the year they turn six by 31 August), not {entryYear}; early or deferred entry is decided at the education window',
  'rule.alreadyAtSchool':
    'the child entered {school} in {entryYear}; a change of school is a transfer (转学), not an enrolment',
  'rule.nameTaken': 'the name {name} is already registered or reserved by another applicant',
  'rule.premisesInMunicipality': 'the premises are not in {municipality}',
  'rule.applicantDishonest':
    'the applicant is the legal representative of {enterprise}, which is on the dishonesty list (失信名单): they may not be the legal representative of a new enterprise',
  'rule.registrationRefused': 'market regulation does not register it ({rule})',
  'rule.signboardSize':
    '{rule, select, WIDER_THAN_FRONTAGE {the signboard is {actual} m wide, wider than its {limit} m frontage} TALLER_THAN_LIMIT {the signboard is {actual} m tall, over the {limit} m limit} other {the signboard is {actual} m², over the {limit} m² limit}}',
  'rule.applicantRegistered': 'public security has no population record of the applicant',
  'rule.addressInMunicipality': 'the new registered address is not in {municipality}',
  'rule.representativeDishonest':
    'the new legal representative represents {enterprise}, which is on the dishonesty list (失信名单): they may not represent another enterprise',
  'rule.enterpriseActive':
    'the enterprise is not in business: only an enterprise in business changes its registration',
  'review.noDistrict':
    "no school district covers the household's address ({address}); the education office assigns a school by hand",
  'review.noPrimarySchool':
    'school district {district} has no primary school; the education office assigns one by hand',
  'review.inspectionBooked':
    'on-site fire safety inspection {id} is booked, due by {due}; the application goes on once the inspector records it passed',
  'review.inspectionFailed':
    'on-site fire safety inspection {id} failed: {findings}; the premises are inspected again once put right',
  'review.changeRefused': '{department} could not apply the change by itself: {reason}',
  'note.noSuchSchool': 'the education register has no school {id}',
  'note.notPrimary': '{school} is not a primary school',
  'note.notInDistrict': "{school} is not a school of the child's school district",
  'note.full': '{school} has no places left; placed at {placed}',
  'note.allFull': 'every primary school of district {district} is full; waiting list of {school}',
  'followUp.noVaccinationRecord':
    'health holds no vaccination record (预防接种证) of the child; show the record at school entry or have one made up at the community vaccination clinic',
  'followUp.catchUp':
    'the school entry check (入学查验) found doses missing: {doses}; catch up (补种) at {clinic}',
  'messages.department': '{department}',
  'messages.withheld':
    '{departments} {count, plural, one {has} other {have}} a reason here, from records you may not read; ask {alternatives} or the service hall',
  'step.checkBirthRecord': 'checking the birth record',
  'step.checkParents': "checking the parents' identity and hukou",
  'step.checkMarriage': 'checking the marriage registration and social assistance',
  'step.issueBirthCertificate': 'issuing the birth certificate',
  'step.openVaccinationRecord': 'opening the vaccination record',
  'step.registerHukou': 'registering the birth in the hukou',
  'step.bindHealthRecords': "linking the birth certificate and vaccination record to the child's citizen ID",
  'step.updateAssistance': "adding the child to the household's social assistance case",
  'step.registerSchoolAge': 'registering the child for school age',
  'step.deliverCertificates': 'mailing the certificates',
  'step.checkHousehold': 'checking the hukou and the guardians',
  'step.checkVaccination': 'checking the vaccination record',
  'step.checkPriority': 'checking priority admission (social assistance)',
  'step.checkSchoolPlaces': 'checking the school district and its places',
  'step.enrol': 'enrolling the child',
  'step.checkApplicant': "checking the applicant's identity",
  'step.checkRegistration': 'checking the name and the conditions of registration',
  'step.checkFireRequirement': 'finding the fire safety check the premises need',
  'step.checkSignboard': "checking the signboard's size",
  'step.declareName': 'declaring the enterprise name',
  'step.registerEnterprise': 'registering the enterprise (business licence)',
  'step.issueFoodLicence': 'issuing the food business licence',
  'step.fireSafetyCheck': 'the fire safety check before opening',
  'step.registerSignboard': 'registering the outdoor signboard',
  'step.issueDrainagePermit': 'issuing the drainage permit',
  'step.checkChange': 'checking the change against the rules of registration',
  'step.amendRegistration': 'recording the change in the enterprise register',
  'step.followFoodLicence': 'the food business licence following the change',
  'step.followFireSupervision': "fire rescue's supervision record following the change",
  'step.followSignboards': "urban management's signboard records following the change",
  'limits.maxDepth': 'Query depth limit of {limit} exceeded, found {found}.',
  'limits.maxAliases': 'Aliases limit of {limit} exceeded, found {found}.',
  'limits.maxDirectives': 'Directives limit of {limit} exceeded, found {found}.',
  'gateway.tooManySubscriptions': 'at most {max} subscriptions may be open at once; close one first',
  'gateway.subscriptionTokenExpired':
    'the token this subscription was opened with has expired: subscribe again',
  'creditCode.length': 'a credit code has 18 characters, this one {length}',
  'creditCode.format': 'a credit code has digits and the capitals but I, O, Z, S and V; this one has {stray}',
  'creditCode.division':
    'characters 3–8 of a credit code are the division code, six digits; this one has {divisionCode}',
  'creditCode.checksum':
    'the check character of this credit code should be {expected}, not {got}: a character is mistyped',
  'input.creditCode': '{argument} is not a valid credit code: {problem}',
  'input.positive': '{argument} is a positive number of {unit}; got {got}',
  'input.notNegative': '{argument} may not be negative; got {got}',
  'input.empty': '{argument} may not be empty',
  'input.businessItems': 'input.businessItems names at least one business item',
  'input.textLength': '{argument} is 1 to {max} characters; got {length}',
  'unit.squareMetres': 'square metres',
  'unit.metres': 'metres',
  'unit.cubicMetresADay': 'cubic metres a day',
  'refused.actsForEnterprise': 'whether another citizen acts for an enterprise',
  'refused.dishonesty': "the details of an enterprise's dishonesty listing",
  'refused.authorisations': "an enterprise's authorisations",
  'refused.registrationChanges': "an enterprise's registration changes",
  'refused.registrationCheck':
    'a registration check: only the service-center or the department’s staff may ask for one',
  'expected.checkId': 'a fire safety check number such as XF500105-000001',
  'input.findingsRequired': 'a failed inspection names at least one finding',
  'refused.inspectionResult': "an inspection's result: only fire-rescue staff with {scope} record it",
} as const;
