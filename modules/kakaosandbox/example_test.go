package kakaosandbox_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/kakao-sandbox/kakao-sandbox/modules/kakaosandbox"
)

// In a test, call testcontainers.CleanupContainer(t, ctr) right after Run,
// before checking its error; this example, with no container runtime to
// count on, is compiled but not run.
func ExampleRun() {
	ctx := context.Background()
	ctr, err := kakaosandbox.Run(ctx, "kakao-sandbox:latest",
		kakaosandbox.WithFixtures("testdata/fixtures.yaml"),
		kakaosandbox.WithScenario("recover-after-failures"),
		kakaosandbox.WithAdminToken("choose-one"),
		kakaosandbox.WithTLS(),
	)
	if ctr != nil {
		defer ctr.Terminate(ctx)
	}
	if err != nil {
		panic(err)
	}

	// Code with Kakao's URLs written into it gets HTTPClient; everything
	// else the sandbox's URL, and its CA with WithTLS.
	req, _ := http.NewRequest("GET", "https://kapi.kakao.com/v2/user/me", nil)
	req.Header.Set("Authorization", "Bearer tc-login-token")
	resp, err := ctr.HTTPClient().Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	base, _ := ctr.BaseURL(ctx)
	fmt.Println(resp.StatusCode, base, len(ctr.CACert()) > 0)
}
