package ads

// The values of the report dimensions (docs/reports.md "Dimensions"): all
// the sandbox's guesses, Kakao publishing none but device_type's (§9.5,
// secondary). Package values, so that one place changes them; an ad group
// that targets a subset reports only that subset, and a targeted value not
// listed here is reported as it is spelled.
var (
	// ReportAges are the AGE values, spelled as ad groups' targeting.
	ReportAges = []string{"15~19", "20~29", "30~39", "40~49", "50~59", "60~"}
	// ReportGenders are the GENDER values.
	ReportGenders = []string{"MALE", "FEMALE"}
	// ReportLocations are the LOCATION values: Korea's 17 regions, spelled
	// as the demo's targeting (서울).
	ReportLocations = []string{"서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종",
		"경기", "강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주"}
	// ReportDeviceTypes are the DEVICE_TYPE values as Kakao's reports spell
	// them (§9.5); the ad group's deviceTypes (ANDROID, IOS, PC) map onto them.
	ReportDeviceTypes = []string{"PC", "Android", "iOS"}
	// ReportPlacements are the PLACEMENT values, also an ad group's placements.
	ReportPlacements = []string{"KAKAO_TALK", "KAKAO_SERVICES", "DAUM", "NETWORK"}
)

// deviceTypeNames maps an ad group's deviceTypes to the report's values.
var deviceTypeNames = map[string]string{"PC": "PC", "ANDROID": "Android", "IOS": "iOS"}
