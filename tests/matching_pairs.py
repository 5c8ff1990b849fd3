"""Sentence pairs for the claim matcher (tests/test_claim_comparison.py, bench, docs/MATCHING.md).

SAME: the same claim as reported by two outlets (reworded, reordered, shortened, figures
written differently). DIFFERENT: near misses that must not match: a number changed, a negation
added, another subject, place or date, the opposite direction, or the same topic with another
statement. Written by hand for this project.
"""

SAME: list[tuple[str, str]] = [
    ("Unemployment fell to 3.5 percent in March.", "In March, the unemployment rate fell to 3.5%."),
    (
        "The city spent $2 million on the new bridge.",
        "The new bridge cost the city 2 million dollars.",
    ),
    ("Crime in Chicago has doubled since 2015.", "Since 2015, crime has doubled in Chicago."),
    (
        "Smith voted against the infrastructure bill three times.",
        "Senator Smith voted three times against the infrastructure bill.",
    ),
    (
        "More than 40,000 people died in road accidents in 2021.",
        "In 2021 more than 40,000 people died in road accidents.",
    ),
    (
        "The vaccine is 95 percent effective against severe illness.",
        "The vaccine is 95% effective at preventing severe illness.",
    ),
    (
        "Texas has the highest uninsured rate in the country.",
        "The highest uninsured rate in the country is in Texas.",
    ),
    (
        "The minimum wage has not been raised since 2009.",
        "The federal minimum wage hasn't been raised since 2009.",
    ),
    ("Our state created 250,000 jobs last year.", "The state created 250,000 new jobs last year."),
    (
        "Immigrants commit fewer crimes than native-born citizens.",
        "Immigrants commit fewer crimes than native-born Americans do, he claimed.",
    ),
    (
        "The deficit grew by $1.7 trillion in 2020.",
        "In 2020 the deficit grew by 1.7 trillion dollars.",
    ),
    (
        "Half of all bankruptcies are caused by medical bills.",
        "Medical bills cause half of all bankruptcies.",
    ),
    (
        "The company paid zero dollars in federal income tax.",
        "The company paid 0 dollars in federal income taxes.",
    ),
    (
        "Gas prices have risen 40 percent since January.",
        "Since January, gas prices have risen by 40%.",
    ),
    (
        "Johnson said the wall would be paid for by Mexico.",
        "The wall would be paid for by Mexico, Johnson said.",
    ),
    (
        "Three out of four teachers buy school supplies with their own money.",
        "3 out of 4 teachers buy school supplies with their own money.",
    ),
    (
        "The bill would cut taxes for 90 percent of families.",
        "The bill cuts taxes for 90% of families.",
    ),
    (
        "Wind power now supplies a quarter of the state's electricity.",
        "A quarter of the state's electricity now comes from wind power supplies.",
    ),
    (
        "Murders in New York fell to a record low in 2017.",
        "In 2017 murders in New York fell to a record low.",
    ),
    (
        "The governor never signed the budget agreement.",
        "Governor Lee never signed the budget agreement.",
    ),
    (
        "Over 1,000 schools closed during the pandemic.",
        "More than 1000 schools closed during the pandemic.",
    ),
    (
        "The average family pays $4,000 more in health premiums.",
        "Families pay on average $4,000 more in health premiums.",
    ),
    (
        "The program has reduced child poverty by 30 percent.",
        "Child poverty has been reduced by 30 percent by the program.",
    ),
    (
        "Russia supplies 40 percent of Europe's natural gas.",
        "Forty percent of Europe's natural gas is supplied by Russia.",
    ),
    (
        "The senator took $500,000 from oil companies.",
        "The senator has taken $500,000 from oil companies, records show.",
    ),
    (
        "Most Americans support universal background checks.",
        "Most Americans support universal background checks for gun buyers.",
    ),
    (
        "The border wall has stopped illegal crossings in Arizona.",
        "Illegal crossings in Arizona have been stopped by the border wall.",
    ),
    ("Exports to China rose 12 percent in 2019.", "In 2019, exports to China rose by 12%."),
    (
        "The mayor cut the police budget by $150 million.",
        "The police budget was cut by $150 million by the mayor.",
    ),
    (
        "Nobody in the administration knew about the leak.",
        "No one in the administration knew about the leak, the spokesman insisted.",
    ),
    ("The plant will create 2,000 jobs in Ohio.", "The new plant in Ohio will create 2,000 jobs."),
    (
        "Student debt has reached 1.7 trillion dollars.",
        "Student debt has now reached $1.7 trillion.",
    ),
    (
        "The drug cuts the risk of heart attack in half.",
        "The drug cuts in half the risk of a heart attack.",
    ),
    (
        "The state's population grew by 15 percent over the decade.",
        "Over the decade the state's population grew 15 percent.",
    ),
    (
        "Canada has more doctors per person than the United States.",
        "Per person, Canada has more doctors than the United States.",
    ),
]

DIFFERENT: list[tuple[str, str]] = [
    # numbers changed
    ("Unemployment fell to 3.5 percent in March.", "Unemployment fell to 3.8 percent in March."),
    (
        "The city spent $2 million on the new bridge.",
        "The city spent $20 million on the new bridge.",
    ),
    (
        "More than 40,000 people died in road accidents in 2021.",
        "More than 38,000 people died in road accidents in 2021.",
    ),
    ("Our state created 250,000 jobs last year.", "Our state created 25,000 jobs last year."),
    (
        "The vaccine is 95 percent effective against severe illness.",
        "The vaccine is 59 percent effective against severe illness.",
    ),
    (
        "Three out of four teachers buy school supplies with their own money.",
        "Two out of four teachers buy school supplies with their own money.",
    ),
    ("The plant will create 2,000 jobs in Ohio.", "The plant will create 200 jobs in Ohio."),
    # dates changed
    ("Exports to China rose 12 percent in 2019.", "Exports to China rose 12 percent in 2018."),
    (
        "Murders in New York fell to a record low in 2017.",
        "Murders in New York fell to a record low in 2007.",
    ),
    (
        "Gas prices have risen 40 percent since January.",
        "Gas prices have risen 40 percent since June.",
    ),
    ("Crime in Chicago has doubled since 2015.", "Crime in Chicago has doubled since 2010."),
    # negation added
    (
        "The minimum wage has been raised since 2009.",
        "The minimum wage has not been raised since 2009.",
    ),
    (
        "The governor signed the budget agreement.",
        "The governor never signed the budget agreement.",
    ),
    (
        "The administration knew about the leak.",
        "Nobody in the administration knew about the leak.",
    ),
    (
        "The company paid federal income tax last year.",
        "The company did not pay federal income tax last year.",
    ),
    (
        "Immigrants commit more crimes than native-born citizens.",
        "Immigrants don't commit more crimes than native-born citizens.",
    ),
    (
        "The border wall has stopped illegal crossings in Arizona.",
        "The border wall has not stopped illegal crossings in Arizona.",
    ),
    # opposite direction
    ("Gas prices rose sharply after the election.", "Gas prices fell sharply after the election."),
    ("Child poverty increased under the program.", "Child poverty decreased under the program."),
    (
        "The state's population grew over the decade.",
        "The state's population shrank over the decade.",
    ),
    # different subject / person
    (
        "Smith voted against the infrastructure bill three times.",
        "Jones voted against the infrastructure bill three times.",
    ),
    (
        "Johnson said the wall would be paid for by Mexico.",
        "Johnson said the wall would be paid for by Canada.",
    ),
    (
        "Russia supplies 40 percent of Europe's natural gas.",
        "Norway supplies 40 percent of Europe's natural gas.",
    ),
    (
        "Canada has more doctors per person than the United States.",
        "Germany has more doctors per person than the United States.",
    ),
    (
        "Governor Lee never signed the budget agreement.",
        "Governor Walz never signed the budget agreement.",
    ),
    # different place
    (
        "Texas has the highest uninsured rate in the country.",
        "Florida has the highest uninsured rate in the country.",
    ),
    ("Crime in Chicago has doubled since 2015.", "Crime in Baltimore has doubled since 2015."),
    ("The plant will create 2,000 jobs in Ohio.", "The plant will create 2,000 jobs in Michigan."),
    # same topic, another statement
    (
        "The senator took $500,000 from oil companies.",
        "The senator returned $500,000 to voters as tax rebates.",
    ),
    (
        "Most Americans support universal background checks.",
        "Most Americans own a gun for protection.",
    ),
    (
        "The drug cuts the risk of heart attack in half.",
        "The drug causes heart attacks in older patients.",
    ),
    (
        "Student debt has reached 1.7 trillion dollars.",
        "Credit card debt has reached 1.7 trillion dollars.",
    ),
    (
        "The mayor cut the police budget by $150 million.",
        "The mayor cut the school budget by $150 million.",
    ),
    (
        "Half of all bankruptcies are caused by medical bills.",
        "Half of all divorces are caused by money problems.",
    ),
    (
        "Wind power now supplies a quarter of the state's electricity.",
        "Solar power now supplies a quarter of the state's electricity.",
    ),
    (
        "Over 1,000 schools closed during the pandemic.",
        "Over 1,000 restaurants closed during the pandemic.",
    ),
]
