/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * A citizen identity number (公民身份号码) as defined by GB 11643-1999: a 6-digit administrative
   * division code, the birth date as YYYYMMDD, a 3-digit sequence (odd for men, even for women) and a
   * check character (0–9 or X). An argument that is not a valid number is rejected with BAD_USER_INPUT
   * and `extensions.reason` one of LENGTH, FORMAT, MASKED, DIVISION, BIRTH_DATE, CHECKSUM. In answers,
   * the number of a person the reader may not read appears masked, e.g. 500103********9170: a masked
   * number resolves nothing and is refused as an argument (reason MASKED).
   */
  CitizenId: { input: string; output: string; }
  /** A calendar date in ISO 8601 form, YYYY-MM-DD (China Standard Time). */
  Date: { input: string; output: string; }
  /** An instant in ISO 8601 form with its offset, e.g. 2026-10-03T08:15:00+08:00. */
  DateTime: { input: string; output: string; }
};

/** Where an address change stands across the departments that follow it. */
export type AddressChangeStatus =
  /** Every department has answered, and at least one refused the change (see its lastError). */
  | 'NEEDS_ATTENTION'
  /** Every department has taken the change. */
  | 'SYNCED'
  /** At least one department has not yet taken the change; it is being retried. */
  | 'SYNCING';

/** A new address: every part is required. */
export type AddressInput = {
  /** The residents' community (社区). */
  community: Scalars['String']['input'];
  /** Road, number, building and room, e.g. 建新北路1号3-1. */
  detail: Scalars['String']['input'];
  /** The 6-digit code of the county-level division, e.g. 500105; it must lie in the municipality. */
  divisionCode: Scalars['String']['input'];
  /** A sub-district street (街道) of that division, e.g. 观音桥街道. */
  street: Scalars['String']['input'];
};

/** The kinds of one-thing errand. */
export type ApplicationKind =
  /**
   * 企业信息变更一件事: an enterprise's name, registered address or legal representative changed once at
   * market regulation, followed by every department that holds its records.
   */
  | 'ENTERPRISE_CHANGE'
  /** 新生儿出生一件事: birth certificate, vaccination record, hukou, assistance, school-age registration. */
  | 'NEWBORN'
  /**
   * 开办餐饮店一件事: the enterprise registered with its business licence, the food business licence, the
   * fire safety check, the outdoor signboard and the drainage permit, from one application.
   */
  | 'OPEN_RESTAURANT'
  /**
   * 教育入学一件事: a primary-school place (or a waiting-list place) from the child's citizen ID, with the
   * records of public security, health, civil affairs and education.
   */
  | 'SCHOOL_ENROLMENT';

/** Where an application stands. */
export type ApplicationStatus =
  /**
   * Waiting for a person whose records the errand reads to consent (see `awaitingConsentFrom`), e.g.
   * the father named in the birth record when the mother applies. Nothing is done until then; the
   * application carries on by itself once the consent is given.
   */
  | 'AWAITING_CONSENT'
  /** Every item is done or did not apply. */
  | 'COMPLETED'
  /** Departments are working on it. */
  | 'IN_PROGRESS'
  /**
   * An item failed, or a check needs a person's review, and a 办不成事 ticket is open; the rest is done.
   * See `tickets`.
   */
  | 'NEEDS_ATTENTION'
  /** The application broke an eligibility rule; nothing was done. See `rejections`. */
  | 'REJECTED'
  /** Accepted; no department has been asked yet. */
  | 'SUBMITTED';

/** The input of applySchoolEnrolment: the child, and at most a preference. */
export type ApplySchoolEnrolmentInput = {
  /** The child's citizen ID; everything else about the child is read from the departments. */
  childCitizenId: Scalars['CitizenId']['input'];
  /**
   * A key chosen by the client (1–100 characters) that makes a retried request safe: the same key
   * answers the same application.
   */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /**
   * The school the family would like, e.g. SCH500103-01. It is granted when it is a primary school of
   * the child's school district with places left; otherwise the child is placed at another school of
   * the district and `enrolment.reasons` says why.
   */
  preferredSchoolId?: InputMaybe<Scalars['ID']['input']>;
};

/** Whether an assistance case still pays. */
export type AssistanceCaseStatus =
  /** The case pays its monthly benefit; members can be added. */
  | 'ACTIVE'
  /** The case has ended; it is kept for the record and pays nothing. */
  | 'CLOSED';

/** The kind of social assistance a case pays. */
export type AssistanceKind =
  /** Support for persons in extreme poverty (特困人员供养): no income, no ability to work, no supporter. */
  | 'EXTREME_POVERTY'
  /** Minimum living allowance (最低生活保障, 低保), paid to a household below the local standard. */
  | 'MINIMUM_LIVING';

/** A matter an authorised agent may handle for an enterprise. */
export type AuthorisedMatter =
  /** Licences and permits (许可). */
  | 'LICENSING'
  /** Registration and its changes (登记). */
  | 'REGISTRATION';

/** Where a hospital's delivery report stands. */
export type BirthRecordStatus =
  /** A birth medical certificate has been issued from the report. */
  | 'CERTIFIED'
  /** Reported by the hospital; no birth medical certificate issued yet. */
  | 'REPORTED';

/** The input of changeEnterpriseRegistration: the enterprise, and at least one thing that changes. */
export type ChangeEnterpriseRegistrationInput = {
  /** The enterprise's unified social credit code, 18 characters (GB 32100-2015). */
  creditCode: Scalars['ID']['input'];
  /**
   * A key chosen by the client (1–100 characters) that makes a retried request safe: the same key
   * answers the same application.
   */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The new legal representative's citizen ID; unchanged when absent. */
  legalRepresentativeCitizenId?: InputMaybe<Scalars['CitizenId']['input']>;
  /** The new name, at least 4 characters; unchanged when absent. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** The new registered address (住所), in Chongqing; unchanged when absent. */
  registeredAddress?: InputMaybe<EnterpriseAddressChangeInput>;
};

/** A household's move to a new address. */
export type ChangeHouseholdAddressInput = {
  /** The new address. */
  address: AddressInput;
  /** The household number, e.g. 500103-000123. */
  householdId: Scalars['ID']['input'];
  /**
   * Makes the change safe to repeat: public security performs it once per key and answers a repeat
   * with the change as it stands. Reusing a key for a different change is refused.
   */
  idempotencyKey: Scalars['String']['input'];
};

/** What a consent allows the grantee's errand to do with the grantor's records. */
export type ConsentPurpose =
  /**
   * The newborn errand (`registerNewborn`) of the grantee reads the grantor's records — population
   * register, marriage, social assistance — as the other parent named in the birth record.
   */
  | 'NEWBORN_REGISTRATION';

/** Why an application waiting for a consent cannot use one (see `Application.awaitingConsentBecause`). */
export type ConsentRefusal =
  /** The consent for this object expired unused. */
  | 'CONSENT_EXPIRED'
  /** The grantor gave the applicant no consent for this purpose. */
  | 'CONSENT_MISSING'
  /** The grantor's consent is for another object (another birth record), not this one. */
  | 'CONSENT_NOT_FOR_THIS_BIRTH'
  /** The grantor revoked the consent for this object. */
  | 'CONSENT_REVOKED'
  /** The consent for this object was used by another application: a consent is used once. */
  | 'CONSENT_USED';

/** Where a consent stands. */
export type ConsentStatus =
  /** Not used before `expiresAt`: no application can use it any more; the grantor may give a new one. */
  | 'EXPIRED'
  /** Given, and not used yet: the grantor may still revoke it. */
  | 'GIVEN'
  /** Revoked by the grantor before any application used it. */
  | 'REVOKED'
  /** An application's step read the grantor's records under it (see `usedBy`); it cannot be revoked. */
  | 'USED';

/** How one year's individual contribution stands. */
export type ContributionStatus =
  /** Paid by the insured, or through the employer. */
  | 'PAID'
  /** Due and not yet paid. */
  | 'UNPAID'
  /** Waived (资助参保): paid by the medical assistance fund, e.g. for families on 低保 or 特困. */
  | 'WAIVED';

/** How far a department has followed a change. */
export type DeliveryStatus =
  /** Done by the department, with what it did. */
  | 'APPLIED'
  /** Taken by the department, not yet said to be done. */
  | 'DELIVERED'
  /** Refused by the department for good, with its reason. */
  | 'FAILED'
  /** Not answered yet: tried again with backoff until the department answers. */
  | 'PENDING';

/** Where a change stands at one department. */
export type DepartmentSyncStatus =
  /** The department acted on the change (see actions). */
  | 'APPLIED'
  /** Taken by the department, which has not yet said it acted on it. */
  | 'DELIVERED'
  /** The department refused the change for good (see lastError); it is not retried. */
  | 'FAILED'
  /** Not yet taken by the department; retried with backoff until it is. */
  | 'PENDING';

/** Where a scheduled dose stands. */
export type DoseStatus =
  /** Not given; the child has reached the recommended age and it is not yet late. */
  | 'DUE'
  /** Given. */
  | 'GIVEN'
  /** Not given by the age the programme says it must be complete by; catch-up (补种) is needed. */
  | 'OVERDUE'
  /** Not given and not yet due. */
  | 'UPCOMING';

/** Whether a drainage permit may be discharged under today. */
export type DrainagePermitStatus =
  /** No longer valid. */
  | 'EXPIRED'
  /** Valid, and ending within 45 days: renewal is due. */
  | 'EXPIRING'
  /** Valid, and not due for renewal yet. */
  | 'VALID';

/** What a ticket's `dueAt` was counted by. */
export type DueTimeBasis =
  /**
   * China's working days as the State Council published them for every year the count ran through:
   * weekends and public holidays off, the 调休 make-up Saturdays and Sundays working.
   */
  | 'PUBLISHED_CALENDAR'
  /**
   * Weekends only, for days in a year whose holiday arrangement the State Council has not published yet
   * (it does each November for the next year), and for tickets opened before holidays were counted: a
   * holiday in those days would make the real deadline later than `dueAt`.
   */
  | 'WEEKENDS_ONLY';

/** How a school enrolment application was decided. */
export type EnrolmentDecision =
  /** A check needs a person (see `reasons`); a 办不成事 ticket is open and nothing is decided yet. */
  | 'MANUAL_REVIEW'
  /** The child has a place at `school`. */
  | 'PLACED'
  /** The application broke a rule (see `reasons`, also in `Application.rejections`); nothing was done. */
  | 'REJECTED'
  /**
   * Every school that could take the child is full: the child waits for a place at `school`, at
   * `waitlistPosition`.
   */
  | 'WAITLISTED';

/**
 * Why a child goes ahead of others on a school's waiting list (优先录取). The categories come from the
 * records of the department that knows them; a child may be in several.
 */
export type EnrolmentPriority =
  /**
   * The child's family or the child is supported as a person in extreme poverty (特困供养), which covers
   * orphaned children, by the civil-affairs register.
   */
  | 'EXTREME_POVERTY_SUPPORT'
  /** The child's family receives minimum living assistance (低保), by the civil-affairs register. */
  | 'MINIMUM_LIVING_ASSISTANCE'
  /** A brother or sister attends the school (多孩家庭同校就读), by the education register. */
  | 'SIBLING_AT_SCHOOL';

/** Where a pupil stands at a school. */
export type EnrolmentStatus =
  /** Attending the school. */
  | 'ENROLLED'
  /** Finished the school's stage. */
  | 'GRADUATED'
  /** Waiting for a place at the school. */
  | 'WAITLISTED';

/** An enterprise's new registered address. */
export type EnterpriseAddressChangeInput = {
  /** The residents' community (社区). */
  community: Scalars['String']['input'];
  /** Road, number, building and room. */
  detail: Scalars['String']['input'];
  /** The 6-digit code of the county-level division, e.g. 500103; it must be in Chongqing. */
  divisionCode: Scalars['String']['input'];
  /** The sub-district street (街道). */
  street: Scalars['String']['input'];
};

/** Where an enterprise stands in the register. */
export type EnterpriseStatus =
  /** In business (存续). */
  | 'ACTIVE'
  /** Deregistered (注销): it no longer exists. */
  | 'DEREGISTERED'
  /** Its business licence revoked (吊销): it may no longer trade. */
  | 'REVOKED';

/** The legal form of an enterprise (组织形式). */
export type EnterpriseType =
  /** An individual business (个体工商户), run by its operator (经营者). */
  | 'INDIVIDUAL_BUSINESS'
  /** A limited liability company (有限责任公司). */
  | 'LIMITED_COMPANY'
  /** A partnership (合伙企业). */
  | 'PARTNERSHIP'
  /** A sole proprietorship (个人独资企业). */
  | 'SOLE_PROPRIETORSHIP';

/** How fire rescue checks a public gathering place before it opens. */
export type FireSafetyCheckKind =
  /** The operator's commitment (告知承诺), accepted at once: premises at or below the inspection line. */
  | 'COMMITMENT'
  /** An on-site inspection (现场检查): premises above the inspection line. */
  | 'ON_SITE_INSPECTION';

/** Where a fire safety check stands. */
export type FireSafetyCheckStatus =
  /** A commitment, accepted: the premises may open. */
  | 'ACCEPTED'
  /** An inspection booked and not yet done: the premises wait for it (see dueAt). */
  | 'BOOKED'
  /** An inspection failed: see its findings; the premises may be checked again. */
  | 'FAILED'
  /** An inspection passed: the premises may open. */
  | 'PASSED';

/** What the family must still do once the place is decided. */
export type FollowUpKind =
  /**
   * The vaccination record misses doses the school entry check (入学查验) requires: the child keeps the
   * place and catches up (补种) at the vaccination clinic.
   */
  | 'CATCH_UP_VACCINATION'
  /**
   * Health holds no vaccination record of the child: the family shows one at school entry or has one
   * made up at the clinic.
   */
  | 'VACCINATION_RECORD_MISSING';

/** What a food business licence allows (经营项目). */
export type FoodBusinessItem =
  /** Cold food (冷食类食品制售). */
  | 'COLD_FOOD'
  /** Drinks made on site (自制饮品制售). */
  | 'HOMEMADE_DRINKS'
  /** Hot food (热食类食品制售). */
  | 'HOT_FOOD'
  /** Pastries (糕点类食品制售). */
  | 'PASTRIES'
  /** Prepackaged food sales (预包装食品销售). */
  | 'PREPACKAGED_FOOD'
  /** Raw food such as sashimi (生食类食品制售). */
  | 'RAW_FOOD';

/** Whether a food business licence may be traded under today. */
export type FoodBusinessLicenceStatus =
  /** No longer valid. */
  | 'EXPIRED'
  /** Valid, and ending within 45 days: renewal is due (apply 30 working days before expiry). */
  | 'EXPIRING'
  /** Valid, and not due for renewal yet. */
  | 'VALID';

/** The input of grantConsent. */
export type GrantConsentInput = {
  /** The citizen whose errand may use the signed-in citizen's records, e.g. the other parent. */
  granteeCitizenId: Scalars['CitizenId']['input'];
  /**
   * What the purpose is about: for NEWBORN_REGISTRATION the birth record id. Only the application for
   * this object may use the consent.
   */
  objectId: Scalars['ID']['input'];
  /** What for. */
  purpose: ConsentPurpose;
};

/** Which parent's household the newborn's hukou joins. */
export type HouseholdChoice =
  /** The father's household. */
  | 'FATHER'
  /** The mother's household. */
  | 'MOTHER';

/** What kind of household a register is (户别). */
export type HouseholdKind =
  /**
   * A collective household (集体户): unrelated people registered together by a unit, such as a
   * university dormitory or a company; no member reads another's records.
   */
  | 'COLLECTIVE'
  /** A family household (家庭户): relatives living together; members see each other as the register shows them. */
  | 'FAMILY';

/** The line of business an enterprise is registered in (行业). */
export type Industry =
  /** Catering (餐饮): restaurants, which need a food business licence. */
  | 'CATERING'
  /** Transport and warehousing (交通运输、仓储). */
  | 'LOGISTICS'
  /** Manufacturing (制造业). */
  | 'MANUFACTURING'
  /** Retail and trade (批发和零售). */
  | 'RETAIL'
  /** Software and information technology services (软件和信息技术服务). */
  | 'TECHNOLOGY';

/** The outcome of an on-site inspection. */
export type InspectionOutcome =
  /** The premises may not open until the findings are put right and they are inspected again. */
  | 'FAILED'
  /** The premises may open. */
  | 'PASSED';

/** An inspection's result. */
export type InspectionResultInput = {
  /** What was found wrong; at least one for a failed inspection. */
  findings: Array<Scalars['String']['input']>;
  /** Passed or failed. */
  outcome: InspectionOutcome;
};

/** The scheme of basic medical insurance a person is insured under. */
export type InsuranceScheme =
  /** Employee basic medical insurance (职工基本医疗保险): paid through the employer, kept in retirement. */
  | 'EMPLOYEE'
  /**
   * Resident basic medical insurance (城乡居民基本医疗保险): children, students and people without
   * employment; paid yearly by the insured, with a government subsidy.
   */
  | 'RESIDENT';

/** Whether an enrolment pays benefits. */
export type InsuranceStatus =
  /** Benefits are paid: medical costs are reimbursed under the scheme. */
  | 'ACTIVE'
  /** Benefits are suspended (待遇暂停), e.g. while this year's contribution is unpaid. */
  | 'SUSPENDED';

/** Where one item of an application stands. */
export type ItemStatus =
  /** Cannot start because an item it depends on failed. */
  | 'BLOCKED'
  /** Done. */
  | 'DONE'
  /** Failed; `reason` says why. A ticket is open unless the item was an eligibility check. */
  | 'FAILED'
  /**
   * A check found something its rules cannot settle (`reason` says what): a person must decide, a
   * 办不成事 ticket is open, and the department acts wait. `resumeApplication` asks the check again.
   */
  | 'NEEDS_REVIEW'
  /** Waiting for the items it depends on. */
  | 'PENDING'
  /** The department is working on it. */
  | 'RUNNING'
  /** Not needed for this application (e.g. the family receives no assistance) or not done (rejected). */
  | 'SKIPPED';

/** A mailing address for the certificates. */
export type MailingAddressInput = {
  /** The full postal address on one line. */
  address: Scalars['String']['input'];
  /** A mobile phone number for the courier, 11 digits. */
  phone: Scalars['String']['input'];
  /** Who receives the post. */
  recipient: Scalars['String']['input'];
};

/**
 * A person's marital status as civil affairs registers it. Only registrations made in the registers
 * civil affairs holds count: NO_RECORD is not the same as "single".
 */
export type MaritalStatus =
  /** The person's registered marriages have all been dissolved by divorce; none is in force. */
  | 'DIVORCED'
  /** A marriage registration of the person is in force. */
  | 'MARRIED'
  /**
   * Civil affairs holds no marriage registration of the person. This does not mean the person is
   * single: they may have married where these registers do not reach.
   */
  | 'NO_RECORD';

/** The state of one marriage registration. */
export type MarriageStatus =
  /** The marriage has been dissolved by a registered divorce. */
  | 'DIVORCED'
  /** The marriage is in force. */
  | 'MARRIED';

/** The input of openRestaurant: only what no department knows. */
export type OpenRestaurantInput = {
  /** The business scope (经营范围) to register, 1–500 characters, e.g. 餐饮服务；食品销售. */
  businessScope: Scalars['String']['input'];
  /** The expected sewage discharged into the municipal network, cubic metres a day; positive. */
  dailySewage: Scalars['Float']['input'];
  /** The kind of enterprise to register; LIMITED_COMPANY by default. */
  enterpriseType?: InputMaybe<RestaurantEnterpriseType>;
  /** The food the restaurant serves (食品经营项目); HOT_FOOD by default. */
  foodBusinessItems?: InputMaybe<Array<RestaurantFoodItem>>;
  /**
   * A key chosen by the client (1–100 characters) that makes a retried request safe: the same key
   * answers the same application.
   */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The proposed enterprise name (企业名称), at least 4 characters, e.g. 重庆山城小面餐饮有限公司. */
  name: Scalars['String']['input'];
  /** The premises, which are also the registered address. */
  premises: RestaurantPremisesInput;
  /** The shop signboard (店招) to hang on the premises. */
  signboard: RestaurantSignboardInput;
};

/** The input of registerNewborn: only what no department knows. */
export type RegisterNewbornInput = {
  /** The hospital's birth record number (出生医学记录), e.g. BR202610030001. */
  birthRecordId: Scalars['ID']['input'];
  /** The child's name in Chinese characters, 2–20 characters; may contain the separator "·". */
  childName: Scalars['String']['input'];
  /** Which parent's household the child joins. */
  household: HouseholdChoice;
  /**
   * A key chosen by the client (1–100 characters) that makes a retried request safe: the same key
   * answers the same application.
   */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Where to mail the certificates; by default the household's registered address. */
  mailingAddress?: InputMaybe<MailingAddressInput>;
};

/** A part of an enterprise's registration that can change. */
export type RegistrationField =
  /** The legal representative (法定代表人). */
  | 'LEGAL_REPRESENTATIVE'
  /** The name (名称). */
  | 'NAME'
  /** The registered address (住所). */
  | 'REGISTERED_ADDRESS';

/** How a household member relates to the head of the household (与户主关系). */
export type RelationToHead =
  /** A child of the head. */
  | 'CHILD'
  /** A grandchild of the head. */
  | 'GRANDCHILD'
  /** The head of the household (户主). */
  | 'HEAD'
  /** Any other relation. */
  | 'OTHER'
  /** A parent of the head. */
  | 'PARENT'
  /** A brother or sister of the head. */
  | 'SIBLING'
  /** The head's spouse. */
  | 'SPOUSE';

/** How a citizen may act for an enterprise. */
export type RepresentationRole =
  /** An agent under a recorded authorisation valid today (授权委托). */
  | 'AUTHORISED_AGENT'
  /** The legal representative of record (法定代表人, or an individual business's operator). */
  | 'LEGAL_REPRESENTATIVE'
  /** Neither: the citizen may not act for the enterprise. */
  | 'NONE';

/** The input of resolveTicket. */
export type ResolveTicketInput = {
  /** The ticket number, e.g. TK-000001. */
  id: Scalars['ID']['input'];
  /** What the family reads: what was put right, and what happens next; 1–2000 characters. */
  outcome: Scalars['String']['input'];
  /** Resume the application's errand once the ticket is resolved; default false. */
  resume?: InputMaybe<Scalars['Boolean']['input']>;
};

/** The kinds of enterprise a restaurant may be registered as. */
export type RestaurantEnterpriseType =
  /** An individual business (个体工商户). */
  | 'INDIVIDUAL_BUSINESS'
  /** A limited liability company (有限责任公司). */
  | 'LIMITED_COMPANY'
  /** A sole proprietorship (个人独资企业). */
  | 'SOLE_PROPRIETORSHIP';

/** The food a restaurant serves, as the food business licence names it (食品经营项目). */
export type RestaurantFoodItem =
  /** Cold dishes (冷食类食品制售). */
  | 'COLD_FOOD'
  /** Drinks made on the premises (自制饮品制售). */
  | 'HOMEMADE_DRINKS'
  /** Hot dishes (热食类食品制售). */
  | 'HOT_FOOD'
  /** Pastries (糕点类食品制售). */
  | 'PASTRIES'
  /** Prepackaged food sold as it is (预包装食品销售). */
  | 'PREPACKAGED_FOOD'
  /** Raw food such as sashimi (生食类食品制售). */
  | 'RAW_FOOD';

/** The restaurant's premises: where, and how large. */
export type RestaurantPremisesInput = {
  /** The residents' community (社区). */
  community: Scalars['String']['input'];
  /** Road, number, building and room. */
  detail: Scalars['String']['input'];
  /** The 6-digit code of the county-level division, e.g. 500103; it must be in Chongqing. */
  divisionCode: Scalars['String']['input'];
  /** Floor area in square metres; a positive number. Above fire rescue's line, opening needs an on-site inspection. */
  floorArea: Scalars['Float']['input'];
  /** Seats for guests; a whole number, 0 or more. */
  seats: Scalars['Int']['input'];
  /** The sub-district street (街道). */
  street: Scalars['String']['input'];
};

/** The signboard (店招) the restaurant hangs on its frontage. */
export type RestaurantSignboardInput = {
  /** Width of the premises' frontage (门面) in metres; positive. */
  frontageWidth: Scalars['Float']['input'];
  /** Height in metres; positive, at most 1.5. */
  height: Scalars['Float']['input'];
  /** What it says, 1–40 characters, e.g. the shop's trade name. */
  text: Scalars['String']['input'];
  /** Width in metres; positive, and no wider than the frontage. */
  width: Scalars['Float']['input'];
};

/** A child to register for a future school place and the address they live at. */
export type SchoolAgeRegistrationInput = {
  /** The child's birth date; must be the one the citizen ID encodes. */
  birthDate: Scalars['Date']['input'];
  /** The child's citizen ID. */
  citizenId: Scalars['CitizenId']['input'];
  /** The 6-digit code of the county-level division of the address, normally the household's. */
  divisionCode: Scalars['String']['input'];
  /** The sub-district street (街道) of the address. */
  street: Scalars['String']['input'];
};

/** The stage of compulsory education (义务教育) a school teaches. */
export type SchoolStage =
  /** Junior secondary school (初中), grades 7–9. */
  | 'JUNIOR_SECONDARY'
  /** Primary school (小学), grades 1–6. */
  | 'PRIMARY';

/** A person's sex as registered by public security. */
export type Sex =
  /** Female; the citizen ID's sequence number is even. */
  | 'FEMALE'
  /** Male; the citizen ID's sequence number is odd. */
  | 'MALE';

/** Whom an adult shares their records with (see `shareMyRecords`). */
export type ShareMyRecordsInput = {
  /** The last day the share holds: after today, at most one year ahead; default one year from today. */
  until?: InputMaybe<Scalars['Date']['input']>;
  /** The household member's whole citizen ID, as written in the household register booklet. */
  withCitizenId: Scalars['CitizenId']['input'];
};

/** A size rule of shop signboards. */
export type SignboardRule =
  /** At most 20 m²: larger is a large outdoor advertising structure, reviewed on its own. */
  | 'AREA_OVER_LIMIT'
  /** At most 1.5 m tall. */
  | 'TALLER_THAN_LIMIT'
  /** No wider than the frontage it hangs on. */
  | 'WIDER_THAN_FRONTAGE';

/** A signboard's size, with the frontage it hangs on, in metres. */
export type SignboardSizeInput = {
  /** Width of the premises' frontage (门面) in metres; a positive number. */
  frontageWidth: Scalars['Float']['input'];
  /** Height of the signboard in metres; a positive number. */
  height: Scalars['Float']['input'];
  /** Width of the signboard in metres; a positive number. */
  width: Scalars['Float']['input'];
};

/** Where a registered signboard stands. */
export type SignboardStatus =
  /** Registered for the premises it hangs on: it may hang. */
  | 'REGISTERED'
  /** The enterprise moved its registered address away from these premises: the signboard must come down. */
  | 'REMOVAL_REQUIRED';

/** Whom an adult stops sharing their records with. */
export type StopSharingMyRecordsInput = {
  /** The household member's whole citizen ID. */
  withCitizenId: Scalars['CitizenId']['input'];
};

/** What happened to a ticket. */
export type TicketEventKind =
  /** A clerk added a note (`text`). */
  | 'NOTED'
  /** A clerk resolved the ticket with an outcome for the family (`text`). */
  | 'RESOLVED'
  /** A clerk resumed the application's errand after resolving the ticket. */
  | 'RESUMED'
  /** A clerk took the ticket. */
  | 'TAKEN';

/** Which tickets a queue lists. */
export type TicketQueueFilter = {
  /** One department of those the clerk handles, e.g. education; default all of them. */
  department?: InputMaybe<Scalars['String']['input']>;
  /** Only tickets due before this instant. */
  dueBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only the tickets past their due time now; default false. */
  overdueOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** Open or resolved tickets; default OPEN. */
  status?: InputMaybe<TicketStatus>;
};

/** Where a ticket stands. */
export type TicketStatus =
  /** A person must act before `dueAt`; `takenBy` says whether a clerk has it. */
  | 'OPEN'
  /**
   * A clerk resolved it (`resolvedBy`, with the `outcome` for the family), or a resumed errand
   * completed the item after all (`resolvedBy` null).
   */
  | 'RESOLVED';

export type AddressChangeProgressQueryVariables = Exact<{
  householdId: Scalars['ID']['input'];
}>;


export type AddressChangeProgressQuery = { __typename?: 'Query', household?: { __typename?: 'Household', address: { __typename?: 'Address', formatted: string }, schoolDistrict?: { __typename?: 'SchoolDistrict', name: string } | null, addressChanges?: Array<{ __typename?: 'AddressChange', id: string, sequence: number, status: AddressChangeStatus, requestedAt: string, requester?: { __typename?: 'Person', name: string } | null, from: { __typename?: 'Address', formatted: string }, to: { __typename?: 'Address', formatted: string }, deliveries: Array<{ __typename?: 'DepartmentSync', department: string, status: DepartmentSyncStatus, attempts: number, lastError?: string | null, appliedAt?: string | null, actions: Array<string> }> }> | null, members: Array<{ __typename?: 'Person', name: string, relationToHead: RelationToHead }> } | null };

export type ApplicationProgressSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ApplicationProgressSubscription = { __typename?: 'Subscription', applicationProgress: { __typename?: 'Application', id: string, status: ApplicationStatus, items: Array<{ __typename?: 'ApplicationItem', title: string, department: string, status: ItemStatus, reason?: string | null }>, tickets: Array<{ __typename?: 'Ticket', id: string, status: TicketStatus, dueAt: string }>, applicant: { __typename?: 'Person', name: string } } };

export type ApplySchoolEnrolmentMutationVariables = Exact<{
  input: ApplySchoolEnrolmentInput;
}>;


export type ApplySchoolEnrolmentMutation = { __typename?: 'Mutation', applySchoolEnrolment: { __typename?: 'ApplySchoolEnrolmentPayload', application: { __typename?: 'Application', id: string, kind: ApplicationKind, status: ApplicationStatus, submittedAt: string, dueAt: string, items: Array<{ __typename?: 'ApplicationItem', title: string, department: string, status: ItemStatus, reference?: string | null, reason?: string | null }>, tickets: Array<{ __typename?: 'Ticket', step: string, reason: string, dueAt: string }>, enrolment?: { __typename?: 'SchoolEnrolmentOutcome', decision: EnrolmentDecision, entryYear: number, waitlistPosition?: number | null, priorities: Array<EnrolmentPriority>, school?: { __typename?: 'School', name: string, address: string } | null, schoolDistrict?: { __typename?: 'SchoolDistrict', name: string } | null, followUps: Array<{ __typename?: 'EnrolmentFollowUp', kind: FollowUpKind, department: string, message: string }>, reasons: Array<{ __typename?: 'EnrolmentReason', rule: string, department: string, message: string }> } | null }, child: { __typename?: 'Person', name: string, birthDate: string, household: { __typename?: 'Household', address: { __typename?: 'Address', formatted: string } }, vaccinationRecord?: { __typename?: 'VaccinationRecord', completeForSchoolEntry: boolean } | null, enrolments?: Array<{ __typename?: 'Enrolment', entryYear: number, status: EnrolmentStatus, school: { __typename?: 'School', name: string } }> | null } } };

export type BirthRecordQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type BirthRecordQuery = { __typename?: 'Query', birthRecord?: { __typename?: 'BirthRecord', id: string, bornAt: string, sex: Sex, weightGrams: number, plurality: number, birthOrder: number, status: BirthRecordStatus, hospital: { __typename?: 'Hospital', name: string, maternityUnit: boolean, division: { __typename?: 'Division', name?: string | null } }, mother: { __typename?: 'Person', name: string, hukouInMunicipality: boolean, maritalStatus?: MaritalStatus | null }, father?: { __typename?: 'Person', name: string } | null } | null };

export type ChangeEnterpriseRegistrationMutationVariables = Exact<{
  input: ChangeEnterpriseRegistrationInput;
}>;


export type ChangeEnterpriseRegistrationMutation = { __typename?: 'Mutation', changeEnterpriseRegistration: { __typename?: 'ChangeEnterpriseRegistrationPayload', application: { __typename?: 'Application', id: string, kind: ApplicationKind, status: ApplicationStatus, items: Array<{ __typename?: 'ApplicationItem', step: string, title: string, department: string, status: ItemStatus, reason?: string | null }>, rejections: Array<{ __typename?: 'RuleViolation', rule: string, department: string, message: string }>, tickets: Array<{ __typename?: 'Ticket', id: string, department: string, reason: string, dueAt: string }> }, enterprise: { __typename?: 'Enterprise', creditCode: string, name: string, registeredAddress: { __typename?: 'Address', formatted: string }, registrationChanges?: Array<{ __typename?: 'RegistrationChange', id: string, changedAt: string, changes: Array<{ __typename?: 'RegistrationChangeField', field: RegistrationField, from: string, to: string }>, deliveries: Array<{ __typename?: 'DepartmentDelivery', department: string, status: DeliveryStatus, attempts: number, actions: Array<string>, lastError?: string | null }> }> | null } } };

export type ChangeHouseholdAddressMutationVariables = Exact<{
  input: ChangeHouseholdAddressInput;
}>;


export type ChangeHouseholdAddressMutation = { __typename?: 'Mutation', changeHouseholdAddress: { __typename?: 'AddressChange', id: string, sequence: number, status: AddressChangeStatus, requestedAt: string, household: { __typename?: 'Household', id: string }, from: { __typename?: 'Address', formatted: string }, to: { __typename?: 'Address', formatted: string }, deliveries: Array<{ __typename?: 'DepartmentSync', department: string, status: DepartmentSyncStatus, attempts: number }> } };

export type CitizenProfileQueryVariables = Exact<{
  citizenId: Scalars['CitizenId']['input'];
  childCitizenIds: Array<Scalars['CitizenId']['input']> | Scalars['CitizenId']['input'];
}>;


export type CitizenProfileQuery = { __typename?: 'Query', person?: { __typename?: 'Person', citizenId: string, name: string, sex: Sex, birthDate: string, ethnicity: string, hukouInMunicipality: boolean, maritalStatus?: MaritalStatus | null, spouse?: { __typename?: 'Person', name: string } | null, assistanceCase?: { __typename?: 'AssistanceCase', id: string, kind: AssistanceKind } | null, medicalInsurance?: { __typename?: 'MedicalInsurance', scheme: InsuranceScheme, status: InsuranceStatus, coveredFrom: string, contributionPaidThisYear: boolean, insuredArea: { __typename?: 'Division', name?: string | null } } | null, household: { __typename?: 'Household', id: string, address: { __typename?: 'Address', formatted: string }, schoolDistrict?: { __typename?: 'SchoolDistrict', name: string } | null, members: Array<{ __typename?: 'Person', citizenId: string, name: string, relationToHead: RelationToHead }> } } | null, children: Array<{ __typename?: 'Person', citizenId: string, name: string, birthCertificate?: { __typename?: 'BirthCertificate', number: string, issuedOn: string } | null, vaccinationRecord?: { __typename?: 'VaccinationRecord', completeForSchoolEntry: boolean, clinic: { __typename?: 'Clinic', name: string } } | null, enrolments?: Array<{ __typename?: 'Enrolment', entryYear: number, status: EnrolmentStatus, school: { __typename?: 'School', name: string, stage: SchoolStage } }> | null } | null> };

export type ClerkCaseLookupQueryVariables = Exact<{
  citizenId: Scalars['CitizenId']['input'];
}>;


export type ClerkCaseLookupQuery = { __typename?: 'Query', person?: { __typename?: 'Person', citizenId: string, name: string, birthDate: string, household: { __typename?: 'Household', id: string }, birthCertificate?: { __typename?: 'BirthCertificate', number: string } | null } | null };

export type ClerkTicketQueueQueryVariables = Exact<{
  filter?: InputMaybe<TicketQueueFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type ClerkTicketQueueQuery = { __typename?: 'Query', ticketQueue: { __typename?: 'TicketQueuePage', asOf: string, departments: Array<string>, totalCount: number, pageInfo: { __typename?: 'TicketQueuePageInfo', hasNextPage: boolean, endCursor?: string | null }, tickets: Array<{ __typename?: 'Ticket', id: string, applicationId: string, step: string, department: string, reason: string, openedAt: string, dueAt: string, dueTimeBasis: DueTimeBasis, overdue: boolean, takenBy?: { __typename?: 'Clerk', department: string, staffNumber?: string | null } | null }> } };

export type EnterpriseFireSafetyQueryVariables = Exact<{
  creditCode: Scalars['ID']['input'];
  floorArea: Scalars['Float']['input'];
}>;


export type EnterpriseFireSafetyQuery = { __typename?: 'Query', enterprise?: { __typename?: 'Enterprise', creditCode: string, name: string, foodBusinessLicences: Array<{ __typename?: 'FoodBusinessLicence', number: string, premises: { __typename?: 'Premises', floorArea: number, seats: number } }>, supervisedPremises: Array<{ __typename?: 'SupervisedPremises', id: string, floorArea: number, seats: number, inspectionRequired: boolean, address: { __typename?: 'Address', formatted: string } }>, fireSafetyChecks: Array<{ __typename?: 'FireSafetyCheck', id: string, kind: FireSafetyCheckKind, status: FireSafetyCheckStatus, requestedAt: string, dueAt?: string | null, decidedAt?: string | null, findings: Array<string>, applicant: { __typename?: 'Person', name: string } }> } | null, fireSafetyCheckRequirement: { __typename?: 'FireSafetyCheckRequirement', kind: FireSafetyCheckKind, inspectionRequired: boolean, thresholdFloorArea: number } };

export type EnterpriseProfileQueryVariables = Exact<{
  creditCode: Scalars['ID']['input'];
  citizenId: Scalars['CitizenId']['input'];
}>;


export type EnterpriseProfileQuery = { __typename?: 'Query', enterprise?: { __typename?: 'Enterprise', creditCode: string, name: string, type: EnterpriseType, industry: Industry, status: EnterpriseStatus, registeredOn: string, businessScope: string, dishonest: boolean, registeredAddress: { __typename?: 'Address', formatted: string }, legalRepresentative: { __typename?: 'Person', name: string }, foodBusinessLicences: Array<{ __typename?: 'FoodBusinessLicence', number: string, status: FoodBusinessLicenceStatus, validUntil: string, premises: { __typename?: 'Premises', floorArea: number, seats: number } }>, authorisations?: Array<{ __typename?: 'Authorisation', id: string, matters: Array<AuthorisedMatter>, validUntil: string, agent: { __typename?: 'Person', citizenId: string } }> | null } | null, representationOf: { __typename?: 'Representation', role: RepresentationRole }, person?: { __typename?: 'Person', name: string, legalRepresentativeOf?: Array<{ __typename?: 'Enterprise', creditCode: string, name: string }> | null } | null };

export type GrantConsentMutationVariables = Exact<{
  input: GrantConsentInput;
}>;


export type GrantConsentMutation = { __typename?: 'Mutation', grantConsent: { __typename?: 'Consent', id: string, purpose: ConsentPurpose, objectId?: string | null, status: ConsentStatus, givenAt: string, expiresAt: string, grantor: { __typename?: 'Person', citizenId: string }, grantee: { __typename?: 'Person', citizenId: string } } };

export type HouseholdMembersQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type HouseholdMembersQuery = { __typename?: 'Query', household?: { __typename?: 'Household', id: string, registeredOn: string, address: { __typename?: 'Address', formatted: string, division: { __typename?: 'Division', code: string, name?: string | null } }, head: { __typename?: 'Person', name: string }, members: Array<{ __typename?: 'Person', citizenId: string, name: string, relationToHead: RelationToHead }> } | null };

export type MyApplicationsQueryVariables = Exact<{
  citizenId: Scalars['CitizenId']['input'];
}>;


export type MyApplicationsQuery = { __typename?: 'Query', person?: { __typename?: 'Person', name: string, applications: Array<{ __typename?: 'Application', id: string, kind: ApplicationKind, status: ApplicationStatus, submittedAt: string, dueAt: string, items: Array<{ __typename?: 'ApplicationItem', title: string, department: string, status: ItemStatus, reason?: string | null }>, tickets: Array<{ __typename?: 'Ticket', department: string, reason: string, status: TicketStatus, dueAt: string }> }> } | null };

export type MyDataUsesQueryVariables = Exact<{
  citizenId: Scalars['CitizenId']['input'];
}>;


export type MyDataUsesQuery = { __typename?: 'Query', person?: { __typename?: 'Person', citizenId: string, name: string, publicSecurityDataUses?: Array<{ __typename?: 'DataUse', department: string, at: string, who: string, actingFor?: string | null, purpose?: string | null, action: string, outcome: number }> | null, healthDataUses?: Array<{ __typename?: 'DataUse', department: string, at: string, who: string, actingFor?: string | null, purpose?: string | null, action: string, outcome: number }> | null, civilAffairsDataUses?: Array<{ __typename?: 'DataUse', department: string, at: string, who: string, actingFor?: string | null, purpose?: string | null, action: string, outcome: number }> | null, educationDataUses?: Array<{ __typename?: 'DataUse', department: string, at: string, who: string, actingFor?: string | null, purpose?: string | null, action: string, outcome: number }> | null, medicalInsuranceDataUses?: Array<{ __typename?: 'DataUse', department: string, at: string, who: string, actingFor?: string | null, purpose?: string | null, action: string, outcome: number }> | null, serviceCenterDataUses?: Array<{ __typename?: 'DataUse', department: string, at: string, who: string, actingFor?: string | null, purpose?: string | null, action: string, outcome: number }> | null } | null };

export type DataUseFieldsFragment = { __typename?: 'DataUse', department: string, at: string, who: string, actingFor?: string | null, purpose?: string | null, action: string, outcome: number };

export type NoteTicketMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
}>;


export type NoteTicketMutation = { __typename?: 'Mutation', noteTicket: { __typename?: 'Ticket', id: string, history: Array<{ __typename?: 'TicketEvent', kind: TicketEventKind, at: string, text?: string | null }> } };

export type OpenRestaurantMutationVariables = Exact<{
  input: OpenRestaurantInput;
}>;


export type OpenRestaurantMutation = { __typename?: 'Mutation', openRestaurant: { __typename?: 'OpenRestaurantPayload', application: { __typename?: 'Application', id: string, kind: ApplicationKind, status: ApplicationStatus, items: Array<{ __typename?: 'ApplicationItem', step: string, title: string, department: string, status: ItemStatus, reference?: string | null, reason?: string | null }>, rejections: Array<{ __typename?: 'RuleViolation', rule: string, department: string, message: string }> }, enterprise?: { __typename?: 'Enterprise', creditCode: string, name: string, registeredOn: string, legalRepresentative: { __typename?: 'Person', name: string }, foodBusinessLicences: Array<{ __typename?: 'FoodBusinessLicence', number: string, validUntil: string, status: FoodBusinessLicenceStatus }>, fireSafetyChecks: Array<{ __typename?: 'FireSafetyCheck', id: string, kind: FireSafetyCheckKind, status: FireSafetyCheckStatus }>, signboards: Array<{ __typename?: 'Signboard', id: string, text: string, area: number }>, drainagePermits: Array<{ __typename?: 'DrainagePermit', number: string, dailyVolume: number, validUntil: string }> } | null } };

export type RecordFireInspectionMutationVariables = Exact<{
  checkId: Scalars['ID']['input'];
  input: InspectionResultInput;
  key: Scalars['String']['input'];
}>;


export type RecordFireInspectionMutation = { __typename?: 'Mutation', recordInspectionResult: { __typename?: 'FireSafetyCheck', id: string, kind: FireSafetyCheckKind, status: FireSafetyCheckStatus, decidedAt?: string | null, findings: Array<string>, enterprise: { __typename?: 'Enterprise', creditCode: string, name: string } } };

export type RegisterNewbornMutationVariables = Exact<{
  input: RegisterNewbornInput;
}>;


export type RegisterNewbornMutation = { __typename?: 'Mutation', registerNewborn: { __typename?: 'RegisterNewbornPayload', application: { __typename?: 'Application', id: string, status: ApplicationStatus, submittedAt: string, dueAt: string, completedAt?: string | null, items: Array<{ __typename?: 'ApplicationItem', title: string, department: string, status: ItemStatus, reference?: string | null, reason?: string | null }>, tickets: Array<{ __typename?: 'Ticket', step: string, reason: string, dueAt: string }>, rejections: Array<{ __typename?: 'RuleViolation', rule: string, department: string, message: string }> }, newborn?: { __typename?: 'Person', citizenId: string, name: string, birthCertificate?: { __typename?: 'BirthCertificate', number: string } | null, household: { __typename?: 'Household', id: string, address: { __typename?: 'Address', formatted: string }, schoolDistrict?: { __typename?: 'SchoolDistrict', name: string } | null }, vaccinationRecord?: { __typename?: 'VaccinationRecord', clinic: { __typename?: 'Clinic', name: string }, schedule: Array<{ __typename?: 'ScheduledDose', vaccineName: string, doseNumber: number, dueOn: string, status: DoseStatus }> } | null, schoolAgeRegistration?: { __typename?: 'SchoolAgeRegistration', expectedEntryYear: number, district: { __typename?: 'SchoolDistrict', name: string } } | null, medicalInsurance?: { __typename?: 'MedicalInsurance', enrolmentNumber: string, scheme: InsuranceScheme, status: InsuranceStatus, coveredFrom: string, contributionPaidThisYear: boolean, insuredArea: { __typename?: 'Division', name?: string | null } } | null } | null } };

export type ResolveTicketMutationVariables = Exact<{
  input: ResolveTicketInput;
}>;


export type ResolveTicketMutation = { __typename?: 'Mutation', resolveTicket: { __typename?: 'ResolveTicketPayload', applicationStatus?: ApplicationStatus | null, ticket: { __typename?: 'Ticket', id: string, status: TicketStatus, outcome?: string | null, resolvedBy?: { __typename?: 'Clerk', department: string, staffNumber?: string | null } | null } } };

export type RestaurantUrbanRecordsQueryVariables = Exact<{
  creditCode: Scalars['ID']['input'];
}>;


export type RestaurantUrbanRecordsQuery = { __typename?: 'Query', enterprise?: { __typename?: 'Enterprise', name: string, foodBusinessLicences: Array<{ __typename?: 'FoodBusinessLicence', number: string, premises: { __typename?: 'Premises', floorArea: number } }>, signboards: Array<{ __typename?: 'Signboard', id: string, text: string, width: number, height: number, area: number, frontageWidth: number, registeredOn: string, address: { __typename?: 'Address', formatted: string }, applicant: { __typename?: 'Person', name: string } }>, drainagePermits: Array<{ __typename?: 'DrainagePermit', number: string, dailyVolume: number, issuedOn: string, validUntil: string, status: DrainagePermitStatus }> } | null, signboardAssessment: { __typename?: 'SignboardAssessment', allowed: boolean, violations: Array<{ __typename?: 'SignboardViolation', rule: SignboardRule, limit: number, actual: number, message: string }> } };

export type SchoolDistrictLookupQueryVariables = Exact<{
  divisionCode: Scalars['String']['input'];
  street: Scalars['String']['input'];
  entryYear: Scalars['Int']['input'];
}>;


export type SchoolDistrictLookupQuery = { __typename?: 'Query', schoolDistrictForAddress?: { __typename?: 'SchoolDistrict', id: string, name: string, streets: Array<string>, schools: Array<{ __typename?: 'School', name: string, stage: SchoolStage, address: string, capacity: number, placesLeft: number }> } | null };

export type TakeTicketMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TakeTicketMutation = { __typename?: 'Mutation', takeTicket: { __typename?: 'Ticket', id: string, status: TicketStatus, dueAt: string, overdue: boolean, takenBy?: { __typename?: 'Clerk', department: string, staffNumber?: string | null } | null } };

export const DataUseFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DataUseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DataUse"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"who"}},{"kind":"Field","name":{"kind":"Name","value":"actingFor"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]} as unknown as DocumentNode<DataUseFieldsFragment, unknown>;
export const AddressChangeProgressDocument = {"__meta__":{"hash":"df4f02ea1341e34ac52353d4fbe56e51a129049f1d2a71a9548bf68ff3243968"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AddressChangeProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"householdId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"household"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"householdId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"schoolDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"addressChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requester"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"appliedAt"}},{"kind":"Field","name":{"kind":"Name","value":"actions"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"relationToHead"}}]}}]}}]}}]} as unknown as DocumentNode<AddressChangeProgressQuery, AddressChangeProgressQueryVariables>;
export const ApplicationProgressDocument = {"__meta__":{"hash":"9d534c04e2588b1695e854e7687912317ffcaf1d2ef685f9b02e9e5a68310623"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ApplicationProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applicationProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tickets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ApplicationProgressSubscription, ApplicationProgressSubscriptionVariables>;
export const ApplySchoolEnrolmentDocument = {"__meta__":{"hash":"61bcb3988b6f20e94ad5f4f83cea8cc2989e75ddcdd6881f8b33b859ae23eff8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApplySchoolEnrolment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ApplySchoolEnrolmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applySchoolEnrolment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"application"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tickets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"enrolment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"entryYear"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"schoolDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"waitlistPosition"}},{"kind":"Field","name":{"kind":"Name","value":"priorities"}},{"kind":"Field","name":{"kind":"Name","value":"followUps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"child"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"birthDate"}},{"kind":"Field","name":{"kind":"Name","value":"household"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"vaccinationRecord"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeForSchoolEntry"}}]}},{"kind":"Field","name":{"kind":"Name","value":"enrolments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entryYear"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ApplySchoolEnrolmentMutation, ApplySchoolEnrolmentMutationVariables>;
export const BirthRecordDocument = {"__meta__":{"hash":"816fff9ba0509ce6ace7235029627c48c91f261503186d705e636ff3198f0b9f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BirthRecord"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"birthRecord"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"bornAt"}},{"kind":"Field","name":{"kind":"Name","value":"sex"}},{"kind":"Field","name":{"kind":"Name","value":"weightGrams"}},{"kind":"Field","name":{"kind":"Name","value":"plurality"}},{"kind":"Field","name":{"kind":"Name","value":"birthOrder"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hospital"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"maternityUnit"}},{"kind":"Field","name":{"kind":"Name","value":"division"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"mother"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hukouInMunicipality"}},{"kind":"Field","name":{"kind":"Name","value":"maritalStatus"}}]}},{"kind":"Field","name":{"kind":"Name","value":"father"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<BirthRecordQuery, BirthRecordQueryVariables>;
export const ChangeEnterpriseRegistrationDocument = {"__meta__":{"hash":"34374d15bdb723b530589fc0ed663d5dd50886c32a8749ef316bb3907158bed8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangeEnterpriseRegistration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeEnterpriseRegistrationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeEnterpriseRegistration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"application"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rejections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tickets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creditCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAddress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"registrationChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"actions"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ChangeEnterpriseRegistrationMutation, ChangeEnterpriseRegistrationMutationVariables>;
export const ChangeHouseholdAddressDocument = {"__meta__":{"hash":"793e1f8392f4e9dcbe04b9cbe03bf26b8ef6372be06036ad081014359526da96"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangeHouseholdAddress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeHouseholdAddressInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeHouseholdAddress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"household"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}}]}}]}}]}}]} as unknown as DocumentNode<ChangeHouseholdAddressMutation, ChangeHouseholdAddressMutationVariables>;
export const CitizenProfileDocument = {"__meta__":{"hash":"4679567e75d82b348c8c3c8e8ad312f2140b79812b4bb275739a6cbbdddc6bc0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CitizenProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CitizenId"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"childCitizenIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CitizenId"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"citizenId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sex"}},{"kind":"Field","name":{"kind":"Name","value":"birthDate"}},{"kind":"Field","name":{"kind":"Name","value":"ethnicity"}},{"kind":"Field","name":{"kind":"Name","value":"hukouInMunicipality"}},{"kind":"Field","name":{"kind":"Name","value":"maritalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"spouse"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assistanceCase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"medicalInsurance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheme"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"insuredArea"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"coveredFrom"}},{"kind":"Field","name":{"kind":"Name","value":"contributionPaidThisYear"}}]}},{"kind":"Field","name":{"kind":"Name","value":"household"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"schoolDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"relationToHead"}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"children"},"name":{"kind":"Name","value":"people"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"citizenIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"childCitizenIds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"birthCertificate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"vaccinationRecord"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clinic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"completeForSchoolEntry"}}]}},{"kind":"Field","name":{"kind":"Name","value":"enrolments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entryYear"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"school"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CitizenProfileQuery, CitizenProfileQueryVariables>;
export const ClerkCaseLookupDocument = {"__meta__":{"hash":"b24bbb78c4ddd79483377cffefa978da3bd59b38cf080f6768e18d7b53f5b479"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClerkCaseLookup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CitizenId"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"citizenId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"birthDate"}},{"kind":"Field","name":{"kind":"Name","value":"household"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"birthCertificate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}}]}}]} as unknown as DocumentNode<ClerkCaseLookupQuery, ClerkCaseLookupQueryVariables>;
export const ClerkTicketQueueDocument = {"__meta__":{"hash":"3f0c2f9ff8a80ef10a7661d80e38ec94ed4a982f01ed1372be3b2541c3f6c135"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClerkTicketQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TicketQueueFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ticketQueue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"departments"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tickets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"applicationId"}},{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"openedAt"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"dueTimeBasis"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"takenBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"staffNumber"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ClerkTicketQueueQuery, ClerkTicketQueueQueryVariables>;
export const EnterpriseFireSafetyDocument = {"__meta__":{"hash":"52d9bdb1bbea45f12474dd6caa04e4a100e7cd8cd063c13584f83451705daec0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EnterpriseFireSafety"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"creditCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"floorArea"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"creditCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"creditCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creditCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"foodBusinessLicences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"premises"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"floorArea"}},{"kind":"Field","name":{"kind":"Name","value":"seats"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"supervisedPremises"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"floorArea"}},{"kind":"Field","name":{"kind":"Name","value":"seats"}},{"kind":"Field","name":{"kind":"Name","value":"inspectionRequired"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"fireSafetyChecks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"findings"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"fireSafetyCheckRequirement"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"floorArea"},"value":{"kind":"Variable","name":{"kind":"Name","value":"floorArea"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"inspectionRequired"}},{"kind":"Field","name":{"kind":"Name","value":"thresholdFloorArea"}}]}}]}}]} as unknown as DocumentNode<EnterpriseFireSafetyQuery, EnterpriseFireSafetyQueryVariables>;
export const EnterpriseProfileDocument = {"__meta__":{"hash":"c054603b22c9fcc96efb7fc9e6770518f8cea9b8774e71adbb15092eafea1b17"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EnterpriseProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"creditCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CitizenId"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"creditCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"creditCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creditCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"registeredOn"}},{"kind":"Field","name":{"kind":"Name","value":"businessScope"}},{"kind":"Field","name":{"kind":"Name","value":"registeredAddress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"legalRepresentative"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dishonest"}},{"kind":"Field","name":{"kind":"Name","value":"foodBusinessLicences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"premises"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"floorArea"}},{"kind":"Field","name":{"kind":"Name","value":"seats"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"authorisations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"matters"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"representationOf"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"creditCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"creditCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"citizenId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}}]}},{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"citizenId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"legalRepresentativeOf"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creditCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<EnterpriseProfileQuery, EnterpriseProfileQueryVariables>;
export const GrantConsentDocument = {"__meta__":{"hash":"9b2596f01edd38d7c1adf929ea4796fdec2b7b85fd1caa93bcfc83d7d456f759"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"GrantConsent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GrantConsentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grantConsent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"objectId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"givenAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"grantee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}}]}}]}}]}}]} as unknown as DocumentNode<GrantConsentMutation, GrantConsentMutationVariables>;
export const HouseholdMembersDocument = {"__meta__":{"hash":"37bf425fa19983914e1a31323c46a9c0def5258c0e8163ea647f6a9ea57ad4a5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HouseholdMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"household"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"registeredOn"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}},{"kind":"Field","name":{"kind":"Name","value":"division"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"head"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"relationToHead"}}]}}]}}]}}]} as unknown as DocumentNode<HouseholdMembersQuery, HouseholdMembersQueryVariables>;
export const MyApplicationsDocument = {"__meta__":{"hash":"563f4515621f2c9881dabd0c05cf4d6880936f504c25b0382a29ef295b52abcc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyApplications"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CitizenId"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"citizenId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"applications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tickets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MyApplicationsQuery, MyApplicationsQueryVariables>;
export const MyDataUsesDocument = {"__meta__":{"hash":"700d291000a826000189948405e0c0507ad26c064050276837ace15690e73344"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyDataUses"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CitizenId"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"citizenId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"citizenId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"publicSecurityDataUses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DataUseFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"healthDataUses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DataUseFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"civilAffairsDataUses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DataUseFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"educationDataUses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DataUseFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"medicalInsuranceDataUses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DataUseFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"serviceCenterDataUses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DataUseFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DataUseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DataUse"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"who"}},{"kind":"Field","name":{"kind":"Name","value":"actingFor"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]} as unknown as DocumentNode<MyDataUsesQuery, MyDataUsesQueryVariables>;
export const NoteTicketDocument = {"__meta__":{"hash":"ae1032c0405dd57f8420273788f4efc39f5a2b12fdeb8cda11b3aafd319453a1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"NoteTicket"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"noteTicket"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]} as unknown as DocumentNode<NoteTicketMutation, NoteTicketMutationVariables>;
export const OpenRestaurantDocument = {"__meta__":{"hash":"822cdcf5658f0aa24d1b4f1363d1c7c401da11b3a81bb56120ce1a592bf543d5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OpenRestaurant"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OpenRestaurantInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"openRestaurant"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"application"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rejections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creditCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"registeredOn"}},{"kind":"Field","name":{"kind":"Name","value":"legalRepresentative"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"foodBusinessLicences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fireSafetyChecks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"signboards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"area"}}]}},{"kind":"Field","name":{"kind":"Name","value":"drainagePermits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"dailyVolume"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}}]}}]}}]}}]}}]} as unknown as DocumentNode<OpenRestaurantMutation, OpenRestaurantMutationVariables>;
export const RecordFireInspectionDocument = {"__meta__":{"hash":"730cb586b5f81248d6044ecceca005e6d4dddff71f6bf8e9e463807498b74dae"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordFireInspection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"checkId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InspectionResultInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordInspectionResult"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"checkId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"checkId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"findings"}},{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"creditCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<RecordFireInspectionMutation, RecordFireInspectionMutationVariables>;
export const RegisterNewbornDocument = {"__meta__":{"hash":"73d3e724728a88999a077b61e775fd3d011265b9ac73e4e69ed1f6f4323a67d6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterNewborn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterNewbornInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerNewborn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"application"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tickets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rejections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"newborn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizenId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"birthCertificate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}},{"kind":"Field","name":{"kind":"Name","value":"household"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"schoolDistrict"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"vaccinationRecord"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clinic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vaccineName"}},{"kind":"Field","name":{"kind":"Name","value":"doseNumber"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"schoolAgeRegistration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expectedEntryYear"}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"medicalInsurance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enrolmentNumber"}},{"kind":"Field","name":{"kind":"Name","value":"scheme"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"insuredArea"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"coveredFrom"}},{"kind":"Field","name":{"kind":"Name","value":"contributionPaidThisYear"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RegisterNewbornMutation, RegisterNewbornMutationVariables>;
export const ResolveTicketDocument = {"__meta__":{"hash":"58b4ca1c6b6d92b8d2b6a02c4381f8f86eb96a1202d4a483160d703d3ed152f6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResolveTicket"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResolveTicketInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolveTicket"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ticket"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"staffNumber"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"applicationStatus"}}]}}]}}]} as unknown as DocumentNode<ResolveTicketMutation, ResolveTicketMutationVariables>;
export const RestaurantUrbanRecordsDocument = {"__meta__":{"hash":"30a6cfeb67d0246cc1719e26ae56cbd8cf947b5f7271a7c86f8c48607ee4706d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RestaurantUrbanRecords"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"creditCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"creditCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"creditCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"foodBusinessLicences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"premises"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"floorArea"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"signboards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"area"}},{"kind":"Field","name":{"kind":"Name","value":"frontageWidth"}},{"kind":"Field","name":{"kind":"Name","value":"registeredOn"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"drainagePermits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"dailyVolume"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"signboardAssessment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"size"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"width"},"value":{"kind":"IntValue","value":"12"}},{"kind":"ObjectField","name":{"kind":"Name","value":"height"},"value":{"kind":"FloatValue","value":"1.8"}},{"kind":"ObjectField","name":{"kind":"Name","value":"frontageWidth"},"value":{"kind":"IntValue","value":"10"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowed"}},{"kind":"Field","name":{"kind":"Name","value":"violations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"limit"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<RestaurantUrbanRecordsQuery, RestaurantUrbanRecordsQueryVariables>;
export const SchoolDistrictLookupDocument = {"__meta__":{"hash":"e83256b587bb65fd581bd92996c0a19bf465d49d599d786df94e0b38bc9c326c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SchoolDistrictLookup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"divisionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"street"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"entryYear"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schoolDistrictForAddress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"divisionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"divisionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"street"},"value":{"kind":"Variable","name":{"kind":"Name","value":"street"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"streets"}},{"kind":"Field","name":{"kind":"Name","value":"schools"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"placesLeft"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"entryYear"},"value":{"kind":"Variable","name":{"kind":"Name","value":"entryYear"}}}]}]}}]}}]}}]} as unknown as DocumentNode<SchoolDistrictLookupQuery, SchoolDistrictLookupQueryVariables>;
export const TakeTicketDocument = {"__meta__":{"hash":"8df1819a788c1dc00a55ca99dad0e1da6722e475b15694d0e22733ca45c59afa"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TakeTicket"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"takeTicket"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"takenBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"department"}},{"kind":"Field","name":{"kind":"Name","value":"staffNumber"}}]}}]}}]}}]} as unknown as DocumentNode<TakeTicketMutation, TakeTicketMutationVariables>;