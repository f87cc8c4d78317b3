"""Phrase banks for the demo projects, one per WSIS action line: the parts a description is composed from.

Each part is a list of alternatives ("|" separates them in the source): titles, goals (the aim, completing "to …"),
means (noun phrases, two or three of which are joined), beneficiaries and results (with {a}, {b}, {pct} figures).
The parts are drawn independently, so that no two projects read as template twins, and each part names the
line's own vocabulary, so that the tagger finds the line each project was generated for.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LineBank:
    sdgs: tuple[int, ...]
    titles: tuple[str, ...]  # {place}: a country name
    goals: tuple[str, ...]
    means: tuple[str, ...]
    beneficiaries: tuple[str, ...]
    results: tuple[str, ...]


def _bank(sdgs: tuple[int, ...], titles: str, goals: str, means: str, beneficiaries: str, results: str) -> LineBank:
    return LineBank(sdgs, *(tuple(part.split("|")) for part in (titles, goals, means, beneficiaries, results)))


LINES: dict[str, LineBank] = {
    "C1": _bank(
        (16, 17),
        "National digital transformation strategy of {place}|{place} Digital Agenda 2030|Multi-stakeholder ICT "
        "policy dialogue in {place}|Roadmap for a national broadband plan in {place}",
        "give {place} a national e-strategy owned by every ministry|mainstream ICT for development in the national "
        "development strategy|turn a scattered set of pilots into one digital transformation strategy|build a "
        "national ICT policy through open stakeholder consultation",
        "a multi-stakeholder steering committee|public-private partnership agreements|regional policy dialogue "
        "sessions|an online stakeholder consultation|a published implementation roadmap|a digital government "
        "strategy unit",
        "ministries and local authorities|policy makers and regulators|operators, civil society and academia|the "
        "ministry of ICT and its agencies",
        "{b} ministries adopted action plans aligned with the e-strategy|the consultation gathered {a} written "
        "contributions, {pct}% of them from outside government|{b} public-private partnership projects were signed "
        "under the roadmap"),
    "C2": _bank(
        (9, 10),
        "Last-mile broadband for remote communities in {place}|Community wireless networks across rural {place}|"
        "Fibre backbone and internet exchange point for {place}|Solar-powered connectivity for unconnected villages "
        "of {place}",
        "bring affordable broadband to remote areas that operators had left unconnected|close the last-mile "
        "connectivity gap in underserved districts|lower the cost of internet access by keeping local traffic local|"
        "extend mobile coverage and meaningful connectivity to islands and mountain valleys",
        "fibre optic backhaul|VSAT satellite links|community Wi-Fi hotspots|a national internet exchange point|"
        "solar-powered base stations|infrastructure sharing agreements with the telecom operator",
        "rural schools and health posts|farming villages without mobile coverage|small towns along the new "
        "backbone|households in underserved communities",
        "{a} households gained broadband internet access|the share of the population with 4G coverage rose to "
        "{pct}%|{b} villages were connected and wholesale bandwidth prices fell by {pct}%"),
    "C3": _bank(
        (4, 16),
        "Open digital library for {place}|Community access points in the public libraries of {place}|{place} open "
        "archives portal|Telecentres for access to public information in {place}",
        "give everyone free access to information held in public archives|turn public libraries into community "
        "access points|publish public domain information in an open access repository|make knowledge sharing "
        "possible for readers far from a city library",
        "a digital library built on open source software|telecentres in public libraries|an open access repository|"
        "a searchable information portal|digitised archives and newspapers|trained library staff",
        "readers in small towns|students and researchers|librarians and archivists|people looking for public "
        "information",
        "the digital library now holds {a} documents consulted {b} thousand times a month|{b} telecentres opened "
        "and served {a} visitors in their first year|{pct}% of users of the information portal live outside the "
        "capital"),
    "C4": _bank(
        (4, 5),
        "Digital skills for girls and young women in {place}|Coding bootcamps for youth in {place}|Training of "
        "trainers for ICT literacy in {place}|Digital literacy caravan across {place}",
        "give girls and young women the digital skills employers ask for|build digital literacy among adults who "
        "never used a computer|train teachers as trainers in ICT skills|offer coding and lifelong learning to young "
        "people outside school",
        "weekend coding bootcamps|a training of trainers programme|mentoring by women engineers|a mobile computer "
        "lab|a certification course in ICT skills|workshops in community centres",
        "girls aged twelve to eighteen|unemployed youth|primary school teachers|older adults and women in "
        "rural areas",
        "{a} trainees completed the digital skills course, {pct}% of them women|{b} trainers were certified and now "
        "run workshops on their own|{pct}% of bootcamp graduates found a job or a place in further training"),
    "C5": _bank(
        (16, 9),
        "National CERT and cybersecurity programme of {place}|Child online protection campaign in {place}|Digital "
        "identity and electronic signature for {place}|Cyber resilience for small businesses in {place}",
        "build confidence and security in the use of ICTs|protect children from cyberbullying and online abuse|"
        "give every resident a secure digital identity with electronic signature|help organisations respond to "
        "cyber attacks, phishing and ransomware",
        "a national computer emergency response team|a child online protection helpline|a public key infrastructure|"
        "cybersecurity awareness campaigns|incident response drills|encryption and authentication services",
        "schoolchildren and their parents|banks and critical infrastructure operators|small companies without "
        "security staff|public agencies",
        "the CERT handled {a} incidents and cut the average response time by {pct}%|{a} parents and teachers took "
        "part in online safety sessions|{b} thousand digital signatures are issued every month"),
    "C6": _bank(
        (9, 17),
        "Modern telecom regulation for {place}|Spectrum management reform in {place}|E-commerce law and consumer "
        "protection for {place}|Enabling environment for digital investment in {place}",
        "create an enabling environment for investment and competition|give the regulator a modern regulatory "
        "framework|adopt an electronic transactions act and a consumer protection law|make spectrum licensing "
        "transparent and predictable",
        "a new legal framework for electronic communications|spectrum auctions|a public consultation on the draft "
        "legislation|licensing reform|interoperability standards|an independent regulator",
        "operators and new market entrants|consumers|investors|the regulator and its staff",
        "{b} new licences were issued under the reformed regulation|mobile data tariffs fell by {pct}% after the "
        "competition policy took effect|the bill passed after {b} rounds of consultation"),
    "C7.e-government": _bank(
        (16,),
        "One-stop e-government portal of {place}|Digital public services for citizens of {place}|Single window for "
        "business permits in {place}|E-procurement platform of {place}",
        "let citizens obtain public services online instead of queueing at offices|bring public service delivery "
        "into one digital government portal|make public administration transparent and accountable|cut the time "
        "municipalities need to issue permits",
        "an e-government portal|a digital ID for citizens|a single window for permits|an e-procurement system|"
        "online tax filing (e-tax)|a civil registry connected to government agencies",
        "citizens and residents abroad|municipalities|government agencies|companies dealing with the public "
        "administration",
        "{a} citizens used the online public services in the first year|{b} procedures moved online and waiting "
        "times fell by {pct}%|{pct}% of tenders now go through e-procurement"),
    "C7.e-business": _bank(
        (8, 9),
        "E-commerce platform for small businesses in {place}|Mobile money for market traders in {place}|Online "
        "marketplace for artisans of {place}|Digital payments for SMEs across {place}",
        "help small businesses sell online through e-commerce|bring mobile payment and digital finance to "
        "merchants|connect SMEs and entrepreneurs to the digital economy|open export markets to small and medium "
        "enterprises",
        "an online marketplace|mobile money wallets|e-payment for merchants|training in online sales|an online "
        "shop builder|logistics partnerships for small businesses",
        "micro, small and medium enterprises|women entrepreneurs|market traders|artisans and start-ups",
        "{a} SMEs opened an online shop and their sales rose by {pct}%|{b} thousand merchants accept mobile "
        "payment|{pct}% of sellers on the marketplace are women entrepreneurs"),
    "C7.e-learning": _bank(
        (4,),
        "Online learning platform for secondary schools in {place}|Distance education by tablet in {place}|Virtual "
        "classrooms for remote schools of {place}|Open e-learning courses for {place}",
        "keep pupils learning when schools close, through distance learning|bring online learning to secondary "
        "schools far from a city|give teachers a learning management system and digital classroom tools|offer "
        "open online courses to students who cannot travel",
        "an e-learning platform|virtual classrooms|tablets with e-books|a learning management system|online "
        "courses (MOOC)|blended learning for teachers",
        "pupils in remote schools|secondary school students|teachers|university students",
        "{a} students follow courses on the e-learning platform|{b} schools run virtual classrooms every week|"
        "completion of online courses reached {pct}%"),
    "C7.e-health": _bank(
        (3,),
        "Telemedicine network for rural clinics in {place}|Electronic health records in {place}|Mobile health for "
        "mothers in {place}|Digital health information system of {place}",
        "connect rural clinics to specialist doctors through telemedicine|give every patient an electronic health "
        "record|send mobile health messages for maternal care and vaccination|build a health information system "
        "for disease surveillance",
        "teleconsultation stations|electronic medical records|SMS reminders for vaccination|a national health "
        "information system|remote diagnosis tools|training for nurses",
        "patients in rural clinics|pregnant women|nurses and doctors|district hospitals",
        "{a} teleconsultations were held and {pct}% of referrals avoided|vaccination coverage rose to {pct}%|{b} "
        "hospitals share electronic health records"),
    "C7.e-employment": _bank(
        (8, 5),
        "Digital jobs and teleworking hub in {place}|Online job matching for youth in {place}|Remote work "
        "readiness for women in {place}|Freelancing academy of {place}",
        "match job seekers with employers through an online job portal|prepare youth and women for remote work and "
        "digital jobs|create decent work through online freelancing|improve employability in a changing labour "
        "market",
        "a job portal|telework hubs|job matching|coaching for online freelancing|internships with employers|"
        "a digital labour platform",
        "job seekers|young graduates|women returning to work|workers who lost their jobs",
        "{a} job seekers found work through the job portal|{pct}% of hub members earn an income from online work|"
        "{b} employers recruited through the platform"),
    "C7.e-environment": _bank(
        (13, 11),
        "Early warning system for climate disasters in {place}|E-waste recycling programme of {place}|Remote "
        "sensing of forests in {place}|Smart grid pilot for {place}",
        "give communities early warning of floods and droughts|collect and recycle electronic waste safely|monitor "
        "forests and water resources with remote sensing|cut energy use and emissions through green ICT",
        "an early warning system|environmental monitoring sensors|e-waste collection points|satellite remote "
        "sensing|a smart grid|emergency telecommunication kits",
        "communities in flood plains|disaster management agencies|municipal waste services|forest rangers",
        "{a} tonnes of e-waste were collected and recycled|warnings now reach {pct}% of households before a "
        "flood|energy use fell by {pct}% in the pilot district"),
    "C7.e-agriculture": _bank(
        (2, 1),
        "Mobile advisory service for smallholder farmers in {place}|Digital agriculture for cooperatives in "
        "{place}|Smart farming pilot in {place}|Market prices for farmers of {place} by SMS",
        "send smallholder farmers weather information, crop prices and agricultural extension advice|raise yields "
        "and food security through digital agriculture|help cooperatives sell their harvest at fair market prices|"
        "bring precision agriculture to small farms",
        "SMS advisory messages|an agricultural extension hotline|soil sensors|a market price app|drones for crop "
        "monitoring|digital records for cooperatives",
        "smallholder farmers|farming cooperatives|livestock keepers|fishermen",
        "{a} farmers receive advice every week and yields rose by {pct}%|{b} cooperatives sell through the "
        "platform|{pct}% of subscribers changed their planting after the advice"),
    "C7.e-science": _bank(
        (9, 17),
        "National research and education network of {place}|Open science platform of {place}|High-performance "
        "computing for researchers in {place}|Research data repository of {place}",
        "link universities and research institutes through a national research network|open research data to "
        "scientists across the region|give researchers high-performance computing|make open science the norm in "
        "public research",
        "a research and education network (NREN)|a data repository|a supercomputer shared by universities|open "
        "data policies|citizen science projects|training in research data management",
        "researchers and scientists|universities|research institutions|doctoral students",
        "{b} universities joined the research network|{a} research data sets are open for reuse|scientific "
        "publications using shared computing rose by {pct}%"),
    "C8": _bank(
        (4, 11),
        "Local-language digital content for {place}|Digital heritage archive of {place}|Indigenous languages "
        "online in {place}|Museums of {place} go digital",
        "create local content in indigenous languages|digitise cultural heritage before it is lost|promote "
        "linguistic diversity on the internet|give museums a digital presence",
        "digitisation of heritage collections|local language keyboards and translation|a multilingual heritage "
        "website|storytelling workshops|an online museum",
        "speakers of minority languages|museums and cultural institutions|indigenous communities|artists",
        "{a} heritage objects were digitised|content is now available in {b} local languages|{pct}% of visitors "
        "to the online museum are young people"),
    "C9": _bank(
        (16, 5),
        "Community radio network in {place}|Media literacy and fact-checking in {place}|Independent digital media "
        "for {place}|Training for local journalists in {place}",
        "support community radio and independent journalism|teach media literacy against disinformation|protect "
        "press freedom and freedom of expression|help local media move to digital broadcasting",
        "community radio stations|a fact-checking desk|training for journalists|podcast studios|a media literacy "
        "curriculum",
        "listeners in remote areas|journalists|young audiences|local broadcasters",
        "{b} community radio stations broadcast to {a} listeners|{a} claims were checked by the fact-checking "
        "desk|{pct}% of students could spot fake news after the course"),
    "C10": _bank(
        (16, 10),
        "Ethics of artificial intelligence charter for {place}|Digital rights and privacy in {place}|Responsible "
        "AI in public services of {place}|Human rights online observatory of {place}",
        "promote the ethical use of ICTs and artificial intelligence|protect privacy and human rights online|keep "
        "algorithms in public services free of bias and discrimination|adopt a code of conduct for responsible AI",
        "an AI ethics charter|algorithm audits|a digital rights observatory|privacy impact assessments|a code of "
        "conduct signed by companies",
        "citizens affected by automated decisions|public bodies using AI|companies developing algorithms|human "
        "rights defenders",
        "{b} public bodies signed the AI ethics charter|{a} complaints about digital rights were followed up|{b} "
        "algorithms were audited for bias"),
    "C11": _bank(
        (17,),
        "Regional cooperation on digital development led from {place}|South-South cooperation for ICT in {place}|"
        "Cross-border digital corridor from {place}|International partnership for WSIS goals in {place}",
        "share knowledge among countries through regional cooperation|build south-south cooperation between "
        "governments|connect member states through a cross-border partnership|mobilise development partners "
        "around the WSIS goals",
        "a regional cooperation network|peer exchanges between countries|joint financing with donors|an "
        "international partnership|regional integration projects",
        "governments of the region|member states|development partners|regional organizations",
        "{b} countries joined the regional cooperation network|{b} joint projects were financed by development "
        "partners|{a} officials took part in peer exchanges across the region"),
}
