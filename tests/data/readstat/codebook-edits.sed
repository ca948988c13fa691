# The edits that make the codebook `notat codebook svar.sav` writes build with the
# sample layout (tests/e2e/cbgen.sh applies exactly these and prints them).
# 1. Code keys the layout writes (omraade = BI, status in {komplet, delvis}, ...):
s/^\(  code [0-9]* \)beskaeftigelsesrettet /\1BI /
s/^\(  code [0-9]* \)socialomraadet_boern_og /\1SB /
s/^\(  code [0-9]* \)socialomraadet_voksne /\1SV /
s/^\(  code [0-9]* \)skoleomraadet /\1SK /
s/^\(  code [0-9]* \)gennemfoert /\1komplet /
s/^\(  code [0-9]* \)delvist_gennemfoert /\1delvis /
s/^\(  code [0-9]* \)ingen_besvarelse /\1ingen /
s/^\(  [0-9]* \)nej_kender_ikke /\1ikke /
s/^\(  [0-9]* \)ja_kender_men /\1kender /
s/^\(  [0-9]* \)ja_kender_og /\1sommetider /
s/^\(  [0-9]* \)ja_kender_og_2 /\1ofte /
s/^\(  [0-9]* \)i_meget_hoej /\1megethoej /
s/^\(  [0-9]* \)i_hoej_grad /\1hoej /
s/^\(  [0-9]* \)i_nogen_grad /\1nogen /
s/^\(  [0-9]* \)i_lav_grad /\1lav /
s/^\(  [0-9]* \)i_meget_lav /\1megetlav /
s/^\(  [0-9]* \)ikke_relevant /\1ikkerelevant /
s/^\(  code [0-9]* \)meget_tilfreds /\1megettilfreds /
s/^\(  code [0-9]* \)meget_utilfreds /\1megetutilfreds /
# 2. Battery names the layout writes (battery(kendskab), ...):
s/^\(  battery \)kend$/\1kendskab/
s/^\(  battery \)rel$/\1relevans/
s/^\(  battery [a-z][a-z]\)_kint$/\1_kontakt_integration/
s/^\(  battery [a-z][a-z]\)_kaer$/\1_kontakt_aere/
s/^\(  battery [a-z][a-z]\)_prob$/\1_problemer/
s/^\(  battery [a-z][a-z]\)_part$/\1_partnere/
s/^\(  battery [a-z][a-z]\)_tilt$/\1_tiltag/
# 3. Not a renaming: what an SPSS file cannot carry. The layout uses kommune.region and
# kommune.menapt, which come from the municipality table and its region code list:
s/^var kommune text$/var kommune muni/
/^codebook /a\
municipalities "kommuner.csv"\
\
codes region\
  1 hovedstaden  "Region Hovedstaden"\
  2 sjaelland    "Region Sjælland"\
  3 syddanmark   "Region Syddanmark"\
  4 midtjylland  "Region Midtjylland"\
  5 nordjylland  "Region Nordjylland"
# 4. Short labels for the work areas (an SPSS value label has one text; the layout's
# figure 3 and Bilag tables need the short forms where the long ones do not fit):
s/^\(  code 1 BI "Beskæftigelsesrettet integration"\)$/\1 short "Beskæftigelse"/
s/^\(  code 2 SB "Socialområdet, børn og unge"\)$/\1 short "Børn og unge"/
s/^\(  code 3 SV "Socialområdet, voksne"\)$/\1 short "Voksne"/
s/^\(  code 4 SK "Skoleområdet"\)$/\1 short "Skole"/
