"""Small closed lists the baselines match against: countries with their capitals and demonyms, places, bodies.

Deliberately short: the baselines are floors, and a longer list would only measure the list.
"""

# Country -> surface forms that name the state itself: the country, its capital or seat of government.
STATES: dict[str, tuple[str, ...]] = {
    "Russia": ("Russia", "Moscow", "Kremlin"),
    "Ukraine": ("Ukraine", "Kyiv", "Kiev"),
    "United States": ("United States", "US", "U.S.", "Washington", "White House"),
    "China": ("China", "Beijing"),
    "Turkey": ("Turkey", "Türkiye", "Ankara"),
    "Israel": ("Israel",),
    "Egypt": ("Egypt",),
    "Qatar": ("Qatar",),
    "Saudi Arabia": ("Saudi Arabia", "Riyadh"),
    "Iran": ("Iran", "Tehran"),
    "Yemen": ("Yemen",),
    "Sudan": ("Sudan",),
    "Armenia": ("Armenia", "Yerevan"),
    "Azerbaijan": ("Azerbaijan", "Baku"),
    "France": ("France", "Paris"),
    "Germany": ("Germany", "Berlin"),
    "United Kingdom": ("United Kingdom", "Britain", "UK", "London"),
    "India": ("India", "New Delhi"),
    "Pakistan": ("Pakistan", "Islamabad"),
    "Japan": ("Japan", "Tokyo"),
    "Canada": ("Canada", "Ottawa"),
    "Mexico": ("Mexico",),
    "Brazil": ("Brazil",),
    "Colombia": ("Colombia",),
    "Venezuela": ("Venezuela", "Caracas"),
    "Syria": ("Syria", "Damascus"),
    "Lebanon": ("Lebanon", "Beirut"),
    "Jordan": ("Jordan",),
    "Norway": ("Norway",),
    "Switzerland": ("Switzerland", "Bern"),
    "Ethiopia": ("Ethiopia", "Addis Ababa"),
    "Kenya": ("Kenya",),
    "Afghanistan": ("Afghanistan", "Kabul"),
    "North Korea": ("North Korea", "Pyongyang"),
    "South Korea": ("South Korea", "Seoul"),
    "Palestine": ("Palestine",),
}

# Country -> its demonyms: a mention of the state only as a plural noun or before a head like "delegation".
DEMONYMS: dict[str, tuple[str, ...]] = {
    "Russia": ("Russian", "Russians"),
    "Ukraine": ("Ukrainian", "Ukrainians"),
    "United States": ("American", "Americans"),
    "China": ("Chinese",),
    "Turkey": ("Turkish",),
    "Israel": ("Israeli", "Israelis"),
    "Egypt": ("Egyptian", "Egyptians"),
    "Qatar": ("Qatari", "Qataris"),
    "Saudi Arabia": ("Saudi", "Saudis"),
    "Iran": ("Iranian", "Iranians"),
    "Yemen": ("Yemeni", "Yemenis"),
    "Sudan": ("Sudanese",),
    "Armenia": ("Armenian", "Armenians"),
    "Azerbaijan": ("Azerbaijani", "Azerbaijanis"),
    "France": ("French",),
    "Germany": ("German", "Germans"),
    "United Kingdom": ("British",),
    "India": ("Indian",),
    "Pakistan": ("Pakistani",),
    "Japan": ("Japanese",),
    "Canada": ("Canadian",),
    "Mexico": ("Mexican",),
    "Brazil": ("Brazilian",),
    "Colombia": ("Colombian",),
    "Venezuela": ("Venezuelan",),
    "Syria": ("Syrian",),
    "Lebanon": ("Lebanese",),
    "Jordan": ("Jordanian",),
    "Norway": ("Norwegian",),
    "Switzerland": ("Swiss",),
    "Ethiopia": ("Ethiopian",),
    "Kenya": ("Kenyan",),
    "Afghanistan": ("Afghan",),
    "North Korea": ("North Korean",),
    "South Korea": ("South Korean",),
    "Palestine": ("Palestinian", "Palestinians"),
}

# Words that, after a demonym, make the pair a mention of the state itself ("the Ukrainian delegation").
STATE_HEADS = ("delegation", "government", "side", "authorities", "negotiators", "officials", "forces", "army")

PLACES = (
    "Geneva", "Doha", "Istanbul", "Nairobi", "Oslo", "Havana", "Cairo", "Vienna", "Amman", "Jeddah", "Sanaa",
    "Hodeidah", "Taiz", "Gaza", "Sharm el-Sheikh", "Brussels", "Abu Dhabi", "Dubai", "Alaska", "Anchorage", "Minsk",
    "Camp David", "Muscat", "Khartoum", "Darfur", "Crimea", "Donbas", "Kherson", "Zaporizhzhia", "Rafah", "West Bank",
    "New York", "Davos", "Bonn", "Belem", "Madrid", "Rome", "Warsaw", "Helsinki", "Lisbon",
)  # fmt: skip

ORGANIZATIONS = (
    "United Nations", "UN", "European Union", "EU", "NATO", "Hamas", "Hezbollah", "Houthis", "Houthi", "WTO",
    "World Trade Organization", "African Union", "Arab League", "Red Cross", "ICRC", "IMF", "World Bank", "OPEC",
    "Security Council", "Rapid Support Forces", "RSF", "Taliban", "ASEAN", "OSCE", "UAW", "Teamsters",
)  # fmt: skip

# Words that make a capitalised sequence an organization.
ORGANIZATION_WORDS = (
    "Union", "Council", "Ministry", "Organization", "Organisation", "Nations", "Association", "Committee", "Forces",
    "Party", "Bank", "Fund", "League", "Commission", "Agency", "Movement", "Front", "Army", "Corporation", "Group",
    "Inc", "Company", "Federation", "Parliament", "Congress", "Senate", "Coalition",
)  # fmt: skip

# Titles that precede a person's name and are not part of it.
TITLES = (
    "President", "Prime", "Minister", "Foreign", "Secretary", "General", "Chancellor", "King", "Crown", "Prince",
    "Envoy", "Ambassador", "Spokesman", "Spokeswoman", "Leader", "Chief", "Sheikh", "Mr", "Ms", "Mrs", "Dr", "Vice",
    "Deputy", "Defence", "Defense", "State", "Special", "Senator", "Commander", "Gen", "Emir", "Sen", "Rep", "CEO",
    "US", "UN", "EU", "Turkish", "Russian", "Ukrainian", "American", "Israeli", "Egyptian", "Qatari",
)  # fmt: skip

# Capitalised words that start many sentences and name nothing.
FUNCTION_WORDS = frozenset(
    {
        "The", "A", "An", "In", "On", "At", "After", "Before", "But", "And", "Or", "If", "When", "While", "As",
        "Under", "Within", "Neither", "Not", "No", "His", "Her", "Their", "Its", "It", "He", "She", "They", "We",
        "This", "That", "These", "Those", "There", "Then", "Also", "Still", "Yet", "So", "For", "From", "By", "With",
        "Without", "Since", "Despite", "According", "Earlier", "Later", "Meanwhile", "However", "Although", "Though",
        "Both", "Each", "Every", "Some", "Many", "Most", "Other", "Only", "Mr", "Ms", "Mrs", "Dr",
    }
)  # fmt: skip

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "dozens": 24, "hundreds": 200, "thousands": 2000,
}  # fmt: skip

# Unit -> the ISO 8601 duration designator it normalizes to.
DURATION_UNITS = {
    "hour": "TH", "hours": "TH", "day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M", "months": "M",
    "year": "Y", "years": "Y",
}  # fmt: skip
