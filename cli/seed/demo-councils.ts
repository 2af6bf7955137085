/**
 * Real councils for the demo seed and for tests that need a believable register: every council
 * type, all four nations and every English region, with current (post-2023) names and GSS codes.
 *
 * Typed by hand as facts about a few councils and checked against mySociety's "UK local authority
 * names and codes" dataset (CC-BY-4.0); names are the `official-name` that the register importer
 * uses, regions are spelled as that dataset spells them.
 *
 * Left out on purpose, because that dataset (version of 2025-07-10) disagrees with the facts and
 * the demo should match what importing it produces: Derbyshire and Lincolnshire County Councils
 * (filed under West Midlands and Yorkshire and The Humber; both are in the East Midlands, as
 * their districts are filed), and Southend-on-Sea (still "Borough Council"; a city since 2022).
 */
import type { CouncilRow } from "../../app/domain/council-register";

export const DEMO_COUNCILS: readonly CouncilRow[] = [
  // North East
  { gssCode: "E06000047", name: "Durham County Council", type: "UA", region: "North East", nation: "England" },
  { gssCode: "E06000057", name: "Northumberland County Council", type: "UA", region: "North East", nation: "England" },
  { gssCode: "E06000001", name: "Hartlepool Borough Council", type: "UA", region: "North East", nation: "England" },
  { gssCode: "E08000021", name: "Newcastle City Council", type: "MD", region: "North East", nation: "England" },
  { gssCode: "E08000024", name: "Sunderland City Council", type: "MD", region: "North East", nation: "England" },

  // North West
  { gssCode: "E08000003", name: "Manchester City Council", type: "MD", region: "North West", nation: "England" },
  { gssCode: "E08000012", name: "Liverpool City Council", type: "MD", region: "North West", nation: "England" },
  { gssCode: "E06000063", name: "Cumberland Council", type: "UA", region: "North West", nation: "England" },
  { gssCode: "E06000064", name: "Westmorland and Furness Council", type: "UA", region: "North West", nation: "England" },
  { gssCode: "E06000049", name: "Cheshire East Council", type: "UA", region: "North West", nation: "England" },
  { gssCode: "E10000017", name: "Lancashire County Council", type: "CTY", region: "North West", nation: "England" },
  { gssCode: "E07000117", name: "Burnley Borough Council", type: "NMD", region: "North West", nation: "England" },

  // Yorkshire and The Humber
  { gssCode: "E06000065", name: "North Yorkshire Council", type: "UA", region: "Yorkshire and The Humber", nation: "England" },
  { gssCode: "E06000014", name: "City of York Council", type: "UA", region: "Yorkshire and The Humber", nation: "England" },
  { gssCode: "E06000010", name: "Hull City Council", type: "UA", region: "Yorkshire and The Humber", nation: "England" },
  { gssCode: "E08000035", name: "Leeds City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" },
  { gssCode: "E08000019", name: "Sheffield City Council", type: "MD", region: "Yorkshire and The Humber", nation: "England" },

  // East Midlands
  { gssCode: "E10000024", name: "Nottinghamshire County Council", type: "CTY", region: "East Midlands", nation: "England" },
  { gssCode: "E10000018", name: "Leicestershire County Council", type: "CTY", region: "East Midlands", nation: "England" },
  { gssCode: "E07000032", name: "Amber Valley Borough Council", type: "NMD", region: "East Midlands", nation: "England" },
  { gssCode: "E06000018", name: "Nottingham City Council", type: "UA", region: "East Midlands", nation: "England" },
  { gssCode: "E06000016", name: "Leicester City Council", type: "UA", region: "East Midlands", nation: "England" },
  { gssCode: "E06000062", name: "West Northamptonshire Council", type: "UA", region: "East Midlands", nation: "England" },
  { gssCode: "E06000061", name: "North Northamptonshire Council", type: "UA", region: "East Midlands", nation: "England" },

  // West Midlands
  { gssCode: "E08000025", name: "Birmingham City Council", type: "MD", region: "West Midlands", nation: "England" },
  { gssCode: "E08000026", name: "Coventry City Council", type: "MD", region: "West Midlands", nation: "England" },
  { gssCode: "E06000051", name: "Shropshire Council", type: "UA", region: "West Midlands", nation: "England" },
  { gssCode: "E06000021", name: "Stoke-on-Trent City Council", type: "UA", region: "West Midlands", nation: "England" },
  { gssCode: "E10000031", name: "Warwickshire County Council", type: "CTY", region: "West Midlands", nation: "England" },
  { gssCode: "E07000222", name: "Warwick District Council", type: "NMD", region: "West Midlands", nation: "England" },

  // East of England
  { gssCode: "E10000020", name: "Norfolk County Council", type: "CTY", region: "East of England", nation: "England" },
  { gssCode: "E07000148", name: "Norwich City Council", type: "NMD", region: "East of England", nation: "England" },
  { gssCode: "E10000003", name: "Cambridgeshire County Council", type: "CTY", region: "East of England", nation: "England" },
  { gssCode: "E07000008", name: "Cambridge City Council", type: "NMD", region: "East of England", nation: "England" },
  { gssCode: "E10000029", name: "Suffolk County Council", type: "CTY", region: "East of England", nation: "England" },
  { gssCode: "E06000055", name: "Bedford Borough Council", type: "UA", region: "East of England", nation: "England" },
  { gssCode: "E06000031", name: "Peterborough City Council", type: "UA", region: "East of England", nation: "England" },

  // London
  { gssCode: "E09000001", name: "City of London Corporation", type: "CC", region: "London", nation: "England" },
  { gssCode: "E09000007", name: "London Borough of Camden", type: "LBO", region: "London", nation: "England" },
  { gssCode: "E09000033", name: "City of Westminster", type: "LBO", region: "London", nation: "England" },
  { gssCode: "E09000028", name: "London Borough of Southwark", type: "LBO", region: "London", nation: "England" },
  { gssCode: "E09000022", name: "London Borough of Lambeth", type: "LBO", region: "London", nation: "England" },
  { gssCode: "E09000012", name: "London Borough of Hackney", type: "LBO", region: "London", nation: "England" },

  // South East
  { gssCode: "E10000016", name: "Kent County Council", type: "CTY", region: "South East", nation: "England" },
  { gssCode: "E10000014", name: "Hampshire County Council", type: "CTY", region: "South East", nation: "England" },
  { gssCode: "E10000030", name: "Surrey County Council", type: "CTY", region: "South East", nation: "England" },
  { gssCode: "E07000178", name: "Oxford City Council", type: "NMD", region: "South East", nation: "England" },
  { gssCode: "E07000209", name: "Guildford Borough Council", type: "NMD", region: "South East", nation: "England" },
  { gssCode: "E06000043", name: "Brighton and Hove City Council", type: "UA", region: "South East", nation: "England" },
  { gssCode: "E06000045", name: "Southampton City Council", type: "UA", region: "South East", nation: "England" },
  { gssCode: "E06000036", name: "Bracknell Forest Council", type: "UA", region: "South East", nation: "England" },

  // South West
  { gssCode: "E06000066", name: "Somerset Council", type: "UA", region: "South West", nation: "England" },
  { gssCode: "E06000023", name: "Bristol City Council", type: "UA", region: "South West", nation: "England" },
  { gssCode: "E06000052", name: "Cornwall Council", type: "UA", region: "South West", nation: "England" },
  { gssCode: "E06000059", name: "Dorset Council", type: "UA", region: "South West", nation: "England" },
  { gssCode: "E06000026", name: "Plymouth City Council", type: "UA", region: "South West", nation: "England" },
  { gssCode: "E10000008", name: "Devon County Council", type: "CTY", region: "South West", nation: "England" },
  { gssCode: "E07000041", name: "Exeter City Council", type: "NMD", region: "South West", nation: "England" },

  // Scotland
  { gssCode: "S12000033", name: "Aberdeen City Council", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000034", name: "Aberdeenshire Council", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000036", name: "City of Edinburgh Council", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000049", name: "Glasgow City Council", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000042", name: "Dundee City Council", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000017", name: "The Highland Council", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000013", name: "Comhairle nan Eilean Siar", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000023", name: "Orkney Islands Council", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000027", name: "Shetland Islands Council", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000050", name: "North Lanarkshire Council", type: "SCO", region: "Scotland", nation: "Scotland" },
  { gssCode: "S12000048", name: "Perth and Kinross Council", type: "SCO", region: "Scotland", nation: "Scotland" },

  // Wales
  { gssCode: "W06000015", name: "City of Cardiff Council", type: "WPA", region: "Wales", nation: "Wales" },
  { gssCode: "W06000011", name: "City and County of Swansea Council", type: "WPA", region: "Wales", nation: "Wales" },
  { gssCode: "W06000001", name: "Isle of Anglesey County Council", type: "WPA", region: "Wales", nation: "Wales" },
  { gssCode: "W06000002", name: "Gwynedd Council", type: "WPA", region: "Wales", nation: "Wales" },
  { gssCode: "W06000022", name: "Newport City Council", type: "WPA", region: "Wales", nation: "Wales" },
  { gssCode: "W06000023", name: "Powys County Council", type: "WPA", region: "Wales", nation: "Wales" },
  { gssCode: "W06000020", name: "Torfaen County Borough Council", type: "WPA", region: "Wales", nation: "Wales" },
  { gssCode: "W06000008", name: "Ceredigion County Council", type: "WPA", region: "Wales", nation: "Wales" },

  // Northern Ireland
  { gssCode: "N09000003", name: "Belfast City Council", type: "NID", region: "Northern Ireland", nation: "Northern Ireland" },
  { gssCode: "N09000010", name: "Newry, Mourne and Down District Council", type: "NID", region: "Northern Ireland", nation: "Northern Ireland" },
  { gssCode: "N09000005", name: "Derry City and Strabane District Council", type: "NID", region: "Northern Ireland", nation: "Northern Ireland" },
  { gssCode: "N09000008", name: "Mid and East Antrim Borough Council", type: "NID", region: "Northern Ireland", nation: "Northern Ireland" },
  { gssCode: "N09000001", name: "Antrim and Newtownabbey Borough Council", type: "NID", region: "Northern Ireland", nation: "Northern Ireland" },
  { gssCode: "N09000011", name: "Ards and North Down Borough Council", type: "NID", region: "Northern Ireland", nation: "Northern Ireland" },
];
