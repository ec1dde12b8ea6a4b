package rules

import "testing"

func TestValidatePlaceholders(t *testing.T) {
	for _, v := range []string{"xxxxxxxx", "********", "0123456789", "abcdefgh", "qwerty123"[:6], "your_key_here", "<password>", "${DB_PASS}", "changeme", "ChangeMe!", "AKIAIOSFODNN7EXAMPLE", "aaaaaaaa", "password", "NULL", "0000000000", "abcdefghijABCDEFGHIJ0123456789abcdefghij", "abcd1234",
		"$NETRC_PASSWORD", "$PASS", "%PASSWORD%", "%db_pass%", "1Password", "KeePass", "{password_temporal}", "{pwd}", "[PASSWORD]", "{DB_PASS}", "TODO", "todo_pass", "pw-TODO-2024",
		"CAMBIAR_ESTO", "VOTRE_MOT_DE_PASSE", "mdp_ici", "tu_clave_aqui", "dein_Passwort", "passwort_hier", "***@10.30.1.40"} {
		if !IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = false, want true", v)
		}
	}
	for _, v := range []string{"Coffee545@", "Tr0ub4dor&3", "Summer2024!", "h8Rk2Wq9Fz", "2hpChYgCfrL1spNxnyVmihA/2O76UMFxFkM/R5Kj",
		"$bailey5101", "$Pass2024", "%rwyO~MLid%", "%AQhIOb+v2p%-", "{Tulpe2024!}", "[Xk9#mQ2z]", "{hunter2Go}", "Ortodoncia.Invisible.44", "TodoJunto7!", "Método_2024",
		"Cambiar.Ya.4821", "Votre2024!", "Dein2024!x"} {
		if IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = true, want false", v)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	good := []string{": Summer2024!", "= 'Kx7#mQ2vLp9z'", "h8Rk2Wq9Fz", "x9!K", "84736251", "bAnAnAphone", "2024-12-01x", "v2.Lemon14", "44-91-07", "27-61-09", "2417#", "*1962#", "#918273645#",
		"Igel im Herbstlaub", "under the blue willow", "correct horse battery", "Q3x2024!", "Lavande/Orage/14", "/Secr3t!"}
	bad := []string{"required", "Expired", "NONE", ": changeme", "abc", "x9k", "123456", "<password>", "********", "P@ss"[:3],
		"2024-12-01", "12/01/2024", "10:30:00", "v2.14.3", "10.0.0.1", "$DB_PASSWORD", "01-12-24", "12-31-2024", "31-12-2024", "1234#", "12#",
		"in the vault", "siehe Mail", "whatever you want", "the usual one", "sent to your mail", "dans le coffre",
		"Q3-2024", "q4/25", "2024-Q1", "/home/runner/work", "~/.ssh/config", "/etc/ssl/certs"}
	for _, v := range good {
		if !ValidPassword(v) {
			t.Errorf("ValidPassword(%q) = false, want true", v)
		}
	}
	for _, v := range bad {
		if ValidPassword(v) {
			t.Errorf("ValidPassword(%q) = true, want false", v)
		}
	}
}

func TestValidateAWSSecret(t *testing.T) {
	if !ValidAWSSecret("= 2hpChYgCfrL1spNxnyVmihA/2O76UMFxFkM/R5Kj") {
		t.Error("ValidAWSSecret(real shape) = false")
	}
	for _, v := range []string{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "abcdefghijabcdefghijabcdefghijabcdefghij", "2hpChYgCfrL1spNxnyVmihA/2O76UMFxFkM/R5K"} {
		if ValidAWSSecret(v) {
			t.Errorf("ValidAWSSecret(%q) = true, want false", v)
		}
	}
}
