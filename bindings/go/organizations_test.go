package boxoffice

import (
	"strings"
	"testing"
)

func TestOrganizations(t *testing.T) {
	w := newWorld(t)
	e := w.e
	o := w.org
	if o.ID.IsZero() || o.Version != 1 || o.CreatedAt <= 0 || o.Details.Slug != "acme" || o.Details.TimeZone != "Europe/Paris" ||
		o.Details.TransfersAllowed == nil || !*o.Details.TransfersAllowed || o.Details.ServiceFeeBasisPoints != 250 {
		t.Fatalf("created: %+v", o)
	}
	got, err := e.Organization(o.ID)
	must(t, err)
	if got.ID != o.ID || got.Details.Name != "Acme Live" {
		t.Fatalf("Organization: %+v", got)
	}
	got, err = e.OrganizationBySlug("acme")
	must(t, err)
	if got.ID != o.ID {
		t.Fatalf("OrganizationBySlug: %+v", got)
	}

	// Lookups of nothing: the zero value and ErrNotFound.
	got, err = e.Organization(unknownID)
	expectErr(t, err, ErrNotFound)
	if got.ID != (UUID{}) {
		t.Fatalf("not found but %+v", got)
	}
	_, err = e.OrganizationBySlug("nobody")
	expectErr(t, err, ErrNotFound)
	_, err = e.OrganizationBySlug("")
	if err == nil {
		t.Fatal("empty slug found something")
	}

	// Create: duplicate slug, missing currency, a NUL in a field, an actor (only the system may).
	d := OrganizationDetails{Name: "Other", Slug: "acme", Email: "x@y.test", Currency: "EUR"}
	_, err = e.CreateOrganization(d, nil)
	expectErr(t, err, ErrDuplicate)
	d.Slug = "other"
	d.Currency = ""
	_, err = e.CreateOrganization(d, nil)
	expectErr(t, err, ErrInvalidArgument)
	d.Currency = "EUR"
	_, err = e.CreateOrganization(d, &w.admin)
	expectErr(t, err, ErrPermissionDenied)
	d.Name = "Oth\x00er"
	_, err = e.CreateOrganization(d, nil)
	expectErr(t, err, ErrInvalidArgument)
	d.Name = "A&B <Live> \"quoted\" / é"
	other, err := e.CreateOrganization(d, nil)
	must(t, err)
	if other.Details.Name != d.Name {
		t.Fatalf("name round trip: %q", other.Details.Name)
	}

	// Update: the whole details, with versions.
	nd := o.Details
	nd.Email = "tickets@acme.test"
	nd.TransfersAllowed = Bool(false)
	up, err := e.UpdateOrganization(o.ID, nd, 1, &w.admin)
	must(t, err)
	if up.Version != 2 || up.Details.Email != "tickets@acme.test" || *up.Details.TransfersAllowed {
		t.Fatalf("updated: %+v", up)
	}
	_, err = e.UpdateOrganization(o.ID, nd, 1, &w.admin)
	expectErr(t, err, ErrVersionConflict)
	_, err = e.UpdateOrganization(o.ID, nd, 0, &w.manager)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.UpdateOrganization(unknownID, nd, 0, nil)
	expectErr(t, err, ErrNotFound)
	bad := nd
	bad.Currency = "USD"
	_, err = e.UpdateOrganization(o.ID, bad, 0, nil)
	expectErr(t, err, ErrInvalidArgument)
	bad = nd
	bad.Slug = "other"
	_, err = e.UpdateOrganization(o.ID, bad, 0, nil)
	expectErr(t, err, ErrDuplicate)
	bad = nd
	bad.ServiceFeeBasisPoints = -1
	_, err = e.UpdateOrganization(o.ID, bad, 0, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.OrganizationBySlug("ac\x00me")
	expectErr(t, err, ErrInvalidArgument)
	if !strings.Contains(err.Error(), "NUL") {
		t.Fatalf("NUL error: %v", err)
	}
}

func TestUsersAndPins(t *testing.T) {
	w := newWorld(t)
	e := w.e
	u, err := e.CreateUser(w.org.ID, UserDetails{Name: "Door", Email: "door@acme.test", Role: RoleOperator}, "482916", &w.admin)
	must(t, err)
	if !u.HasPin || u.OrganizationID != w.org.ID || u.Details.Role != RoleOperator || u.Details.Status != UserActive {
		t.Fatalf("created: %+v", u)
	}
	ok, err := e.VerifyPin(u.ID, "482916")
	must(t, err)
	if !ok {
		t.Fatal("right PIN refused")
	}
	if ok, err = e.VerifyPin(u.ID, "000000"); err != nil || ok {
		t.Fatalf("wrong PIN: %v %v", ok, err)
	}
	if ok, err = e.VerifyPin(unknownID, "482916"); err != nil || ok {
		t.Fatalf("unknown user: %v %v", ok, err)
	}
	_, err = e.VerifyPin(u.ID, "48\x002916")
	expectErr(t, err, ErrInvalidArgument)

	// Set the PIN: the user themself, an admin; not an analyst; lengths; clear.
	must(t, e.SetPin(u.ID, "2580", &u.ID))
	must(t, e.SetPin(u.ID, "13579", &w.admin))
	expectErr(t, e.SetPin(u.ID, "2580", &w.analyst), ErrPermissionDenied)
	expectErr(t, e.SetPin(u.ID, "12", nil), ErrInvalidArgument)
	expectErr(t, e.SetPin(u.ID, "", nil), ErrInvalidArgument)
	expectErr(t, e.SetPin(u.ID, strings.Repeat("9", 129), nil), ErrInvalidArgument)
	expectErr(t, e.SetPin(u.ID, "12\x0034", nil), ErrInvalidArgument)
	expectErr(t, e.SetPin(unknownID, "2580", nil), ErrNotFound)
	if ok, _ = e.VerifyPin(u.ID, "13579"); !ok {
		t.Fatal("PIN set by the admin refused")
	}
	must(t, e.ClearPin(u.ID, &w.admin))
	got, err := e.User(u.ID)
	must(t, err)
	if got.HasPin {
		t.Fatal("PIN not cleared")
	}
	if ok, _ = e.VerifyPin(u.ID, "13579"); ok {
		t.Fatal("cleared PIN accepted")
	}

	// Create: duplicates, roles, actors, bad details.
	_, err = e.CreateUser(w.org.ID, UserDetails{Name: "Door 2", Email: "DOOR@acme.test", Role: RoleOperator}, "", &w.admin)
	expectErr(t, err, ErrDuplicate)
	_, err = e.CreateUser(w.org.ID, UserDetails{Name: "Boss", Email: "boss@acme.test", Role: RoleOwner}, "", &w.admin)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.CreateUser(w.org.ID, UserDetails{Name: "X", Email: "x@acme.test", Role: RoleOperator}, "", &w.manager)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.CreateUser(w.org.ID, UserDetails{Name: "X", Email: "x@acme.test", Role: "janitor"}, "", nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateUser(w.org.ID, UserDetails{Name: "X", Email: "not an email", Role: RoleOperator}, "", nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateUser(w.org.ID, UserDetails{Name: "X", Email: "x@acme.test", Role: RoleOperator}, "1", nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateUser(w.org.ID, UserDetails{Name: "X", Email: "x@acme.test", Role: RoleOperator}, "12\x0034", nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateUser(unknownID, UserDetails{Name: "X", Email: "x@acme.test", Role: RoleOperator}, "", nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.User(unknownID)
	expectErr(t, err, ErrNotFound)

	// Update: an inactive user can no longer act.
	d := got.Details
	d.Status = UserInactive
	up, err := e.UpdateUser(u.ID, d, got.Version, &w.admin)
	must(t, err)
	if up.Details.Status != UserInactive || up.Version != got.Version+1 {
		t.Fatalf("updated: %+v", up)
	}
	_, err = e.UpdateUser(u.ID, d, got.Version, &w.admin)
	expectErr(t, err, ErrVersionConflict)
	_, err = e.UpdateUser(u.ID, d, 0, &w.operator)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.UpdateUser(unknownID, d, 0, nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.CreateHold(w.event.ID, []HoldItem{{w.general.ID, 1}}, HoldOptions{TTL: 60e9, Actor: &u.ID})
	expectErr(t, err, ErrPermissionDenied)
}

func TestCustomers(t *testing.T) {
	w := newWorld(t)
	e := w.e
	c := w.customer
	if c.OrganizationID != w.org.ID || c.Details.Email != "lou@example.com" || c.Details.Phone != "" || c.Details.MarketingConsent {
		t.Fatalf("created: %+v", c)
	}
	got, err := e.Customer(c.ID)
	must(t, err)
	if got.ID != c.ID || got.Details.FirstName != "Lou" {
		t.Fatalf("Customer: %+v", got)
	}
	d := got.Details
	d.Phone = "+33 1 23 45 67 89"
	d.MarketingConsent = true
	up, err := e.UpdateCustomer(c.ID, d, got.Version, nil)
	must(t, err)
	if up.Details.Phone != d.Phone || !up.Details.MarketingConsent || up.Version != 2 {
		t.Fatalf("updated: %+v", up)
	}
	_, err = e.UpdateCustomer(c.ID, d, 1, nil)
	expectErr(t, err, ErrVersionConflict)
	_, err = e.UpdateCustomer(c.ID, d, 0, &w.analyst)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.UpdateCustomer(unknownID, d, 0, nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.CreateCustomer(w.org.ID, CustomerDetails{Email: "LOU@example.com"}, nil)
	expectErr(t, err, ErrDuplicate)
	_, err = e.CreateCustomer(w.org.ID, CustomerDetails{Email: "someone"}, nil)
	expectErr(t, err, ErrInvalidArgument)
	_, err = e.CreateCustomer(w.org.ID, CustomerDetails{Email: "ok@example.com"}, &w.operator)
	expectErr(t, err, ErrPermissionDenied)
	_, err = e.CreateCustomer(unknownID, CustomerDetails{Email: "ok@example.com"}, nil)
	expectErr(t, err, ErrNotFound)
	_, err = e.Customer(unknownID)
	expectErr(t, err, ErrNotFound)
}
