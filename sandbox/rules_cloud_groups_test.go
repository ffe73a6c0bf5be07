package sandbox_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kakao-sandbox/kakao-sandbox/internal/kakao"
	"github.com/kakao-sandbox/kakao-sandbox/internal/store"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox"
	"github.com/kakao-sandbox/kakao-sandbox/sandbox/sandboxtest"
)

// KakaoCloud organisation, groups, payment methods and projects (rule B01,
// B02, B04–B08, B10) on cloudGroupsFixture: organisation 1 biz (BUSINESS,
// 220-81-12345) lists no main group, so it gets one, 1, without a payment
// method: RESTRICTED; its Billing Admins, ann and kim, are assigned to it
// (the sandbox's guess). Its sub-groups: 2 ops (card ...0005; ann, max, val) and
// 3 spare (ann; no payment method, no projects). ned has a role and no group;
// kim is Billing Admin of both organisations; out has no role at all.
// Organisation 2 solo (INDIVIDUAL) has main group 4 (card ...0005).
// Projects: 1 site (main), 2 batch (ops), 3 blog (solo's main).
const cloudGroupsFixture = `
users:
  - {key: ann, name: 안지민}
  - {key: max, name: 맹도윤}
  - {key: val, name: 배서연}
  - {key: ned, name: 남궁민}
  - {key: kim, name: 김하늘}
  - {key: ivy, name: 이수아}
  - {key: out, name: 오민준}
apps: [{key: app, name: App, restApiKey: cloud-key, clientSecret: s, redirectUris: ["http://localhost/cb"], bizApp: true, consentItems: [moment_management]}]
tokens:
  - {token: cg-ann, user: ann, app: app, type: business, scopes: [moment_management], expiresIn: 0}
  - {token: cg-max, user: max, app: app, type: business, scopes: [moment_management], expiresIn: 0}
  - {token: cg-val, user: val, app: app, type: business, scopes: [moment_management], expiresIn: 0}
  - {token: cg-ned, user: ned, app: app, type: business, scopes: [moment_management], expiresIn: 0}
  - {token: cg-kim, user: kim, app: app, type: business, scopes: [moment_management], expiresIn: 0}
  - {token: cg-ivy, user: ivy, app: app, type: business, scopes: [moment_management], expiresIn: 0}
  - {token: cg-out, user: out, app: app, type: business, scopes: [moment_management], expiresIn: 0}
cloud:
  organizations:
    - key: biz
      name: 비즈 조직
      memberType: BUSINESS
      businessRegistrationNumber: "220-81-12345"
      members:
        - {user: ann, role: BILLING_ADMIN}
        - {user: max, role: BILLING_MANAGER}
        - {user: val, role: BILLING_VIEWER}
        - {user: ned, role: BILLING_VIEWER}
        - {user: kim, role: BILLING_ADMIN}
      billingGroups:
        - {key: ops, name: 운영팀, members: [ann, max, val, kim],
           paymentMethod: {type: CREDIT_CARD, cardNumber: "9410000000000005", ownerType: NAMED_CORPORATE}}
        - {key: spare, name: 예비팀, members: [ann]}
      projects:
        - {key: site, name: site, billingGroup: main}
        - {key: batch, name: batch, billingGroup: ops}
    - key: solo
      name: 개인 조직
      memberType: INDIVIDUAL
      members: [{user: ivy, role: BILLING_ADMIN}, {user: kim, role: BILLING_ADMIN}]
      billingGroups:
        - {key: main, main: true, name: 기본 결제 그룹, members: [ivy, kim],
           paymentMethod: {type: CREDIT_CARD, cardNumber: "9410000000000005", ownerType: PERSONAL}}
      projects: [{key: blog, name: blog, billingGroup: main}]
`

const (
	cgAnn, cgMax, cgVal, cgNed, cgKim, cgIvy, cgOut = "cg-ann", "cg-max", "cg-val", "cg-ned", "cg-kim", "cg-ivy", "cg-out"

	bizMain, opsGroup, spareGroup, soloMain = 1, 2, 3, 4
	batchProject                            = 2
)

type cloudOrgView struct {
	ID               int64  `json:"id"`
	Role             string `json:"role"`
	Status           string `json:"status"`
	RestrictedReason string `json:"restrictedReason"`
	SubGroupCount    int    `json:"subGroupCount"`
}

type cloudMethodView struct {
	Type          string `json:"type"`
	Details       string `json:"details"`
	CardLast4     string `json:"cardLast4"`
	OwnerType     string `json:"ownerType"`
	AccountNumber string `json:"accountNumber"`
	ModifiedAt    string `json:"modifiedAt"`
}

type cloudGroupView struct {
	ID            int64            `json:"id"`
	Name          string           `json:"name"`
	Main          bool             `json:"main"`
	MemberIDs     []int64          `json:"memberIds"`
	PaymentMethod *cloudMethodView `json:"paymentMethod"`
}

type methodRowView struct {
	BillingGroupID   int64  `json:"billingGroupId"`
	Classification   string `json:"classification"`
	BillingGroupName string `json:"billingGroupName"`
	PaymentMethod    string `json:"paymentMethod"`
	PaymentDetails   string `json:"paymentDetails"`
	LastModifiedAt   string `json:"lastModifiedAt"`
}

type cloudProjectView struct {
	ID             int64 `json:"id"`
	BillingGroupID int64 `json:"billingGroupId"`
}

func cloudReq(method, path, token string, body any) req {
	return req{Method: method, Path: "/console/cloud/v1" + path, Token: token, Body: body}
}

func newCloudSandbox(t *testing.T, opts ...sandboxtest.Option) *sandboxtest.Sandbox {
	t.Helper()
	return sandboxtest.New(t, append([]sandboxtest.Option{sandboxtest.WithFixtures([]byte(cloudGroupsFixture))}, opts...)...)
}

// card is a payment method body verified by the sandbox's phone code.
func card(number, owner string) map[string]any {
	return map[string]any{"cardNumber": number, "ownerType": owner, "verificationCode": "000000"}
}

func setCard(group int, token string, body map[string]any) req {
	return cloudReq("PUT", fmt.Sprintf("/billing-groups/%d/payment-method", group), token, body)
}

func cloudOrg(t *testing.T, sb *sandboxtest.Sandbox, token string) cloudOrgView {
	t.Helper()
	var o cloudOrgView
	r := sb.Do(cloudReq("GET", "/organization", token, nil))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r.Decode(t, &o)
	return o
}

func cloudGroup(t *testing.T, sb *sandboxtest.Sandbox, token string, id int) cloudGroupView {
	t.Helper()
	var g cloudGroupView
	r := sb.Do(cloudReq("GET", fmt.Sprintf("/billing-groups/%d", id), token, nil))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r.Decode(t, &g)
	return g
}

func cloudGroups(t *testing.T, sb *sandboxtest.Sandbox, token string) []cloudGroupView {
	t.Helper()
	var body struct {
		BillingGroups []cloudGroupView `json:"billingGroups"`
	}
	r := sb.Do(cloudReq("GET", "/billing-groups", token, nil))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r.Decode(t, &body)
	return body.BillingGroups
}

func groupIDs(gs []cloudGroupView) []int64 {
	ids := make([]int64, len(gs))
	for i, g := range gs {
		ids[i] = g.ID
	}
	return ids
}

func methodRows(t *testing.T, sb *sandboxtest.Sandbox, token, query string) []methodRowView {
	t.Helper()
	var body struct {
		PaymentMethods []methodRowView `json:"paymentMethods"`
	}
	r := sb.Do(cloudReq("GET", "/payment-methods"+query, token, nil))
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r.Decode(t, &body)
	return body.PaymentMethods
}

func createGroup(sb *sandboxtest.Sandbox, token, name string) sandboxtest.Response {
	return sb.Do(cloudReq("POST", "/billing-groups", token, map[string]any{"name": name}))
}

func requestDedicated(sb *sandboxtest.Sandbox, token string, group int) sandboxtest.Response {
	return sb.Do(cloudReq("POST", fmt.Sprintf("/billing-groups/%d/dedicated-account-requests", group), token, map[string]any{"reason": "계좌 입금"}))
}

func decideReview(t *testing.T, sb *sandboxtest.Sandbox, id int64, decision string) map[string]any {
	t.Helper()
	return ok(t, sb.Do(req{Method: "POST", Path: fmt.Sprintf("/_sandbox/reviews/%d/%s", id, decision), Body: map[string]any{}}))
}

// storedGroup is a group's record as the data file holds it, read after the
// sandbox has stopped.
func storedGroup(t *testing.T, sb *sandboxtest.Sandbox, id uint64) string {
	t.Helper()
	sb.Stop()
	db, err := store.Open(sb.Config.DataPath, store.Options{})
	require.NoError(t, err)
	defer db.Close()
	var raw json.RawMessage
	require.NoError(t, db.View(func(tx *store.Tx) error {
		found, err := tx.Get("cloud.groups", store.Key(id), &raw)
		require.True(t, found)
		return err
	}))
	return string(raw)
}

func rulesCloudGroups(t *testing.T) {

	t.Run("B01_a_main_group_without_a_payment_method_restricts_the_organization", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t)
		o := cloudOrg(t, sb, cgAnn)
		assert.Equal(t, "RESTRICTED", o.Status)
		assert.Contains(t, o.RestrictedReason, "기본 결제 그룹 1")
		assert.Equal(t, 2, o.SubGroupCount)
		assert.Equal(t, "RESTRICTED", cloudOrg(t, sb, cgMax).Status, "every member sees the status")
		kakaoError(t, createGroup(sb, cgAnn, "신규팀"), 403, -6, kakao.ErrMainGroupNoPayment.DetailCode)

		ok(t, sb.Do(setCard(bizMain, cgAnn, card(goodCard, "NAMED_CORPORATE"))))
		o = cloudOrg(t, sb, cgAnn)
		assert.Equal(t, "ACTIVE", o.Status)
		assert.Empty(t, o.RestrictedReason)
		g := ok(t, createGroup(sb, cgAnn, "신규팀"))
		assert.Equal(t, false, g["main"])
		assert.Equal(t, 3, cloudOrg(t, sb, cgAnn).SubGroupCount)
	})

	t.Run("B02_roles_and_assigned_groups", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t)
		for _, token := range []string{cgMax, cgVal} {
			kakaoError(t, sb.Do(setCard(opsGroup, token, card(goodCard, "NAMED_CORPORATE"))), 403, -5, kakao.ErrNotBillingAdmin.DetailCode)
			kakaoError(t, sb.Do(cloudReq("GET", "/payment-methods", token, nil)), 403, -5, kakao.ErrNotBillingAdmin.DetailCode)
			kakaoError(t, requestDedicated(sb, token, opsGroup), 403, -5, kakao.ErrNotBillingAdmin.DetailCode)
			kakaoError(t, createGroup(sb, token, "x"), 403, -5, kakao.ErrNotBillingAdmin.DetailCode)
			g := cloudGroup(t, sb, token, opsGroup)
			assert.Equal(t, "운영팀", g.Name)
			assert.Nil(t, g.PaymentMethod, "a payment method is a Billing Admin's to see")
		}
		assert.Equal(t, "SANDBOX VISA **** **** **** 0005", cloudGroup(t, sb, cgAnn, opsGroup).PaymentMethod.Details)

		// A user in no group, or with no role, cannot use billing at all.
		for _, token := range []string{cgNed, cgOut} {
			kakaoError(t, sb.Do(cloudReq("GET", "/billing-groups", token, nil)), 403, -5, kakao.ErrNoBillingGroup.DetailCode)
			kakaoError(t, sb.Do(cloudReq("GET", "/projects", token, nil)), 403, -5, kakao.ErrNoBillingGroup.DetailCode)
			kakaoError(t, sb.Do(cloudReq("GET", "/billing-groups/2", token, nil)), 403, -5, kakao.ErrNoBillingGroup.DetailCode)
		}

		// Users see only the groups they are assigned to, and their projects.
		assert.Equal(t, []int64{bizMain, opsGroup, spareGroup}, groupIDs(cloudGroups(t, sb, cgAnn)))
		assert.Equal(t, []int64{opsGroup}, groupIDs(cloudGroups(t, sb, cgMax)))
		var projects struct {
			Projects []cloudProjectView `json:"projects"`
		}
		sb.Do(cloudReq("GET", "/projects", cgVal, nil)).Decode(t, &projects)
		assert.Equal(t, []cloudProjectView{{ID: batchProject, BillingGroupID: opsGroup}}, projects.Projects)
		kakaoError(t, sb.Do(cloudReq("GET", "/billing-groups/1", cgMax, nil)), 403, -5, kakao.ErrNoBillingGroup.DetailCode)
		kakaoError(t, sb.Do(setCard(soloMain, cgAnn, card(goodCard, "PERSONAL"))), 403, -5, kakao.ErrNoBillingGroup.DetailCode)

		// A user of two organisations names the one they act in.
		kakaoError(t, sb.Do(cloudReq("GET", "/organization", cgKim, nil)), 400, -2, kakao.ErrOrganizationNeeded.DetailCode)
		o := ok(t, sb.Do(cloudReq("GET", "/organization?organizationId=2", cgKim, nil)))
		assert.EqualValues(t, 2, o["id"])
		assert.Equal(t, "ACTIVE", o["status"])
	})

	t.Run("B04_verification_by_owner_type_and_credit_cards_only", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t)
		for _, owner := range []string{"PERSONAL", "NAMED_CORPORATE"} {
			wrong := card(goodCard, owner)
			wrong["verificationCode"] = "123456"
			kakaoError(t, sb.Do(setCard(opsGroup, cgAnn, wrong)), 400, -2, kakao.ErrPhoneVerification.DetailCode)
			delete(wrong, "verificationCode")
			kakaoError(t, sb.Do(setCard(opsGroup, cgAnn, wrong)), 400, -2, kakao.ErrPhoneVerification.DetailCode)
			var got cloudGroupView
			sb.Do(setCard(opsGroup, cgAnn, card(declinedCard, owner))).Decode(t, &got)
			assert.Equal(t, owner, got.PaymentMethod.OwnerType)
		}

		anonymous := map[string]any{"cardNumber": goodCard, "ownerType": "ANONYMOUS_CORPORATE", "businessRegistrationNumber": "220-81-99999"}
		kakaoError(t, sb.Do(setCard(opsGroup, cgAnn, anonymous)), 400, -2, kakao.ErrCardBusinessNo.DetailCode)
		anonymous["businessRegistrationNumber"] = "2208112345" // dashes or none
		var got cloudGroupView
		sb.Do(setCard(opsGroup, cgAnn, anonymous)).Decode(t, &got)
		assert.Equal(t, "ANONYMOUS_CORPORATE", got.PaymentMethod.OwnerType)

		refused := map[string]*kakao.Error{"9410000000000021": kakao.ErrCardDebit, "9410000000000039": kakao.ErrCardPrepaid,
			"9410000000000047": kakao.ErrCardGift, "9410000000000054": kakao.ErrCardExpired}
		for number, want := range refused {
			kakaoError(t, sb.Do(setCard(opsGroup, cgAnn, card(number, "NAMED_CORPORATE"))), want.Status, want.Code, want.DetailCode)
		}
		assert.Equal(t, "0005", cloudGroup(t, sb, cgAnn, opsGroup).PaymentMethod.CardLast4, "refused cards change nothing")

		// An individual registers personal cards only (the sandbox's guess).
		for _, owner := range []string{"NAMED_CORPORATE", "ANONYMOUS_CORPORATE"} {
			kakaoError(t, sb.Do(setCard(soloMain, cgIvy, card(declinedCard, owner))), 400, -2, kakao.ErrCardOwnerType.DetailCode)
		}
		ok(t, sb.Do(setCard(soloMain, cgIvy, card(declinedCard, "PERSONAL"))))

		// A fixture is held to the same rules.
		doc := map[string]any{"users": []any{map[string]any{"key": "fay", "name": "F"}},
			"cloud": map[string]any{"organizations": []any{map[string]any{"key": "bad", "name": "B", "memberType": "INDIVIDUAL",
				"members":       []any{map[string]any{"user": "fay", "role": "BILLING_ADMIN"}},
				"billingGroups": []any{map[string]any{"key": "main", "main": true, "name": "M", "paymentMethod": map[string]any{"type": "CREDIT_CARD", "cardNumber": goodCard, "ownerType": "NAMED_CORPORATE"}}}}}}}
		r := sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures", Body: doc})
		assert.Equal(t, 400, r.Status, "%s", r.Body)
		assert.Contains(t, string(r.Body), "ownerType")
	})

	t.Run("B05_the_payment_method_view", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t)
		start := sandboxtest.Start().UTC().Format(time.RFC3339)
		rows := methodRows(t, sb, cgAnn, "")
		require.Len(t, rows, 3)
		assert.Equal(t, methodRowView{BillingGroupID: bizMain, Classification: "MAIN", BillingGroupName: "기본 결제 그룹", PaymentMethod: "Registration required"}, rows[0])
		assert.Equal(t, "SUB", rows[1].Classification)
		assert.Equal(t, "운영팀", rows[1].BillingGroupName)
		assert.Equal(t, "CREDIT_CARD", rows[1].PaymentMethod)
		assert.Equal(t, "SANDBOX VISA **** **** **** 0005", rows[1].PaymentDetails)
		assert.Equal(t, start, mustUTC(t, rows[1].LastModifiedAt))
		assert.Equal(t, "Registration required", rows[2].PaymentMethod)

		sb.Advance("24h")
		rv := ok(t, requestDedicated(sb, cgAnn, spareGroup))
		decideReview(t, sb, int64(rv["id"].(float64)), "approve")
		rows = methodRows(t, sb, cgAnn, "")
		assert.Equal(t, "DEDICATED_ACCOUNT", rows[2].PaymentMethod)
		assert.Equal(t, "88-0000000001", rows[2].PaymentDetails)
		assert.Equal(t, sandboxtest.Start().Add(24*time.Hour).UTC().Format(time.RFC3339), mustUTC(t, rows[2].LastModifiedAt))
		assert.Equal(t, []int64{bizMain, opsGroup}, rowIDs(methodRows(t, sb, cgKim, "?organizationId=1")), "an admin's view has only their groups")
	})

	t.Run("B06_a_new_card_replaces_the_old_and_its_details", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t)
		r := sb.Do(setCard(opsGroup, cgAnn, card(declinedCard, "NAMED_CORPORATE")))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var g cloudGroupView
		r.Decode(t, &g)
		assert.Equal(t, "0013", g.PaymentMethod.CardLast4)
		for _, body := range [][]byte{r.Body, sb.Do(cloudReq("GET", "/billing-groups/2", cgAnn, nil)).Body, sb.Do(cloudReq("GET", "/payment-methods", cgAnn, nil)).Body} {
			assert.NotContains(t, string(body), "0005", "the old card is gone from every answer")
			assert.Contains(t, string(body), "0013")
		}

		// A card replaces a dedicated account, too.
		rv := ok(t, requestDedicated(sb, cgAnn, spareGroup))
		decideReview(t, sb, int64(rv["id"].(float64)), "approve")
		ok(t, sb.Do(setCard(spareGroup, cgAnn, card(goodCard, "PERSONAL"))))
		spare := cloudGroup(t, sb, cgAnn, spareGroup)
		assert.Equal(t, "CREDIT_CARD", spare.PaymentMethod.Type)
		assert.Empty(t, spare.PaymentMethod.AccountNumber)

		record := storedGroup(t, sb, opsGroup)
		assert.Contains(t, record, `"cardLast4":"0013"`)
		assert.NotContains(t, record, "0005", "the old card's details are deleted from the data")
		assert.NotContains(t, storedGroup(t, sb, spareGroup), "88-0000000001")
		data, err := os.ReadFile(sb.Config.DataPath)
		require.NoError(t, err)
		assert.NotContains(t, string(data), goodCard, "no full card number is ever stored")
		assert.NotContains(t, string(data), declinedCard)
	})

	t.Run("B07_a_dedicated_account_waits_for_the_helpdesk", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t)
		r := requestDedicated(sb, cgAnn, opsGroup)
		require.Equal(t, 202, r.Status, "%s", r.Body)
		rv := r.JSON(t)
		assert.Equal(t, "PENDING", rv["status"])
		assert.Equal(t, "cloud.dedicatedAccount", rv["kind"])
		kakaoError(t, requestDedicated(sb, cgAnn, opsGroup), 403, -6, kakao.ErrDedicatedPending.DetailCode)
		ok(t, requestDedicated(sb, cgAnn, spareGroup)) // one pending per group
		assert.Equal(t, "CREDIT_CARD", cloudGroup(t, sb, cgAnn, opsGroup).PaymentMethod.Type, "nothing changes while pending")

		decided := decideReview(t, sb, int64(rv["id"].(float64)), "reject")
		assert.Equal(t, "REJECTED", decided["status"])
		assert.Equal(t, "0005", cloudGroup(t, sb, cgAnn, opsGroup).PaymentMethod.CardLast4, "a rejection changes nothing")

		again := ok(t, requestDedicated(sb, cgAnn, opsGroup))
		decided = decideReview(t, sb, int64(again["id"].(float64)), "approve")
		assert.Equal(t, "APPROVED", decided["status"])
		pm := cloudGroup(t, sb, cgAnn, opsGroup).PaymentMethod
		assert.Equal(t, "DEDICATED_ACCOUNT", pm.Type)
		assert.Regexp(t, `^88-\d{10}$`, pm.AccountNumber)
		assert.Contains(t, decided["outcome"], pm.AccountNumber)
		assert.Empty(t, pm.CardLast4, "the card is replaced")
		assert.NotContains(t, decided["outcome"], "0005")
	})

	t.Run("B08_at_most_30_sub_groups_and_a_main_that_stays", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t, sandboxtest.NoRateLimits)
		main := cloudGroup(t, sb, cgAnn, bizMain)
		assert.True(t, main.Main, "the fixture listed no main group: the organisation got one")
		assert.Equal(t, "기본 결제 그룹", main.Name)

		ok(t, sb.Do(setCard(bizMain, cgAnn, card(goodCard, "NAMED_CORPORATE"))))
		for i := 3; i <= 30; i++ {
			ok(t, createGroup(sb, cgAnn, fmt.Sprintf("팀 %d", i)))
		}
		assert.Equal(t, 30, cloudOrg(t, sb, cgAnn).SubGroupCount)
		kakaoError(t, createGroup(sb, cgAnn, "하나 더"), 403, -6, kakao.ErrTooManySubGroups.DetailCode)

		// A fixture is held to the same: a replaced organisation's kept groups
		// count, and so do a new one's own.
		loadOrg := func(org string) sandboxtest.Response {
			return sb.Do(req{Method: "POST", Path: "/_sandbox/fixtures?replace=true", Header: map[string]string{"Content-Type": "application/yaml"},
				Body: []byte("cloud:\n  organizations:\n    - " + org + "\n")})
		}
		r := loadOrg(`{key: biz, name: 비즈 조직, memberType: BUSINESS, businessRegistrationNumber: "220-81-12345", members: [{user: ann, role: BILLING_ADMIN}], billingGroups: [{key: more, name: 하나 더}]}`)
		kakaoError(t, r, 400, -2, 0)
		assert.Contains(t, r.JSON(t)["msg"], "at most 30 sub-groups")
		var many []string
		for i := range 31 {
			many = append(many, fmt.Sprintf("{key: g%d, name: 팀 %d}", i, i))
		}
		r = loadOrg(`{key: big, name: 큰 조직, memberType: INDIVIDUAL, members: [{user: out, role: BILLING_ADMIN}], billingGroups: [` + strings.Join(many, ", ") + `]}`)
		kakaoError(t, r, 400, -2, 0)
		assert.Contains(t, r.JSON(t)["msg"], "at most 30 sub-groups")
		ok(t, loadOrg(`{key: big, name: 큰 조직, memberType: INDIVIDUAL, members: [{user: out, role: BILLING_ADMIN}], billingGroups: [`+strings.Join(many[:30], ", ")+`]}`))

		kakaoError(t, sb.Do(cloudReq("DELETE", "/billing-groups/1", cgAnn, nil)), 403, -6, kakao.ErrMainGroupDelete.DetailCode)
		kakaoError(t, sb.Do(cloudReq("DELETE", "/billing-groups/2", cgAnn, nil)), 403, -6, kakao.ErrGroupHasProjects.DetailCode)
		kakaoError(t, sb.Do(cloudReq("DELETE", "/billing-groups/2", cgMax, nil)), 403, -5, kakao.ErrNotBillingAdmin.DetailCode)

		// Moving the project leaves it in exactly one group; the emptied group may go.
		move := func(token string, project, group int) sandboxtest.Response {
			return sb.Do(cloudReq("PUT", fmt.Sprintf("/projects/%d/billing-group", project), token, map[string]any{"billingGroupId": group}))
		}
		kakaoError(t, move(cgMax, batchProject, bizMain), 403, -5, kakao.ErrNoBillingGroup.DetailCode)
		kakaoError(t, move(cgKim, batchProject, spareGroup), 403, -5, kakao.ErrNoBillingGroup.DetailCode)
		kakaoError(t, move(cgKim, batchProject, soloMain), 400, -2, 0) // another organisation
		moved := ok(t, move(cgAnn, batchProject, spareGroup))
		assert.EqualValues(t, spareGroup, moved["billingGroupId"])
		var projects struct {
			Projects []cloudProjectView `json:"projects"`
		}
		sb.Do(cloudReq("GET", "/projects", cgAnn, nil)).Decode(t, &projects)
		assert.Equal(t, []cloudProjectView{{ID: 1, BillingGroupID: bizMain}, {ID: batchProject, BillingGroupID: spareGroup}}, projects.Projects)

		r = sb.Do(cloudReq("DELETE", "/billing-groups/2", cgAnn, nil))
		require.Equal(t, 204, r.Status, "%s", r.Body)
		kakaoError(t, sb.Do(cloudReq("GET", "/billing-groups/2", cgAnn, nil)), 404, -2, 0)
		ok(t, createGroup(sb, cgAnn, "빈자리")) // 30 again
	})

	t.Run("B10_real_card_numbers_are_refused_and_never_stored", func(t *testing.T) {
		t.Parallel()
		sb := newCloudSandbox(t, func(c *sandbox.Config) { c.JournalBodies = true })
		realCards := []string{"4111111111111111", "5500 0000 0000 0004"}
		for _, number := range realCards {
			kakaoError(t, sb.Do(setCard(opsGroup, cgAnn, card(number, "NAMED_CORPORATE"))), 400, -2, kakao.ErrCardNotTest.DetailCode)
		}
		ok(t, sb.Do(setCard(opsGroup, cgAnn, card("9410-0000-0000-0013", "NAMED_CORPORATE")))) // dashes are ignored
		for _, body := range [][]byte{sb.Do(cloudReq("GET", "/billing-groups/2", cgAnn, nil)).Body, sb.Do(cloudReq("GET", "/payment-methods", cgAnn, nil)).Body} {
			assert.NotContains(t, string(body), "1111")
			assert.NotContains(t, string(body), "0004")
		}

		entries := sb.Requests(sandboxtest.RequestFilter{Operation: "setPaymentMethod"})
		require.Len(t, entries, len(realCards)+1)
		masked := regexp.MustCompile(`^\*+\d{4}$`)
		for _, e := range entries {
			var body struct {
				CardNumber string `json:"cardNumber"`
			}
			require.NoError(t, json.Unmarshal([]byte(e.Body), &body), e.Body)
			assert.Regexp(t, masked, body.CardNumber, "body %s", e.Body)
			assert.Regexp(t, masked, e.Fields["cardNumber"])
		}

		assert.Equal(t, "0013", cloudGroup(t, sb, cgAnn, opsGroup).PaymentMethod.CardLast4)
		sb.Stop()
		data, err := os.ReadFile(sb.Config.DataPath)
		require.NoError(t, err)
		assert.NotContains(t, string(data), "4111111111111111")
		assert.NotContains(t, string(data), "5500000000000004")
		assert.NotContains(t, string(data), "5500 0000 0000 0004")
	})
}

func rowIDs(rows []methodRowView) []int64 {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.BillingGroupID
	}
	return ids
}

// mustUTC normalises an RFC 3339 time for comparison.
func mustUTC(t *testing.T, s string) string {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err, "%q", s)
	return ts.UTC().Format(time.RFC3339)
}
