"""National capitals and other large cities, which wire copy names alone and often
as the government seated there ("Chisinau welcomed the decision"); the small tagger
reads many of them as people.  Countries themselves come from pycountry."""

from __future__ import annotations

CAPITALS: tuple[str, ...] = tuple(
    """
Abuja Accra Addis_Ababa Algiers Amsterdam Andorra_la_Vella Antananarivo Apia Ashgabat
Asmara Astana Asuncion Asunción Athens Bamako Bandar_Seri_Begawan Bangkok Bangui Banjul
Basseterre Belgrade Belmopan Bern Bishkek Bissau Bogota Bogotá Bratislava Brazzaville
Bridgetown Bucharest Bujumbura Caracas Castries Chisinau Chișinău Colombo Conakry
Dakar Dhaka Dili Djibouti Dodoma Dushanbe Freetown Funafuti Gaborone Georgetown
Gitega Guatemala_City Hanoi Harare Havana Honiara Islamabad Jakarta Juba Kampala
Kathmandu Khartoum Kigali Kingston Kingstown Kinshasa Kuala_Lumpur Kuwait_City Libreville
Lilongwe Lima Lisbon Ljubljana Lome Lomé Luanda Lusaka Luxembourg Majuro Malabo
Managua Manama Manila Maputo Maseru Mbabane Monrovia Montevideo Moroni Muscat Naypyidaw
N'Djamena Niamey Nicosia Nouakchott Nuku'alofa Nur-Sultan Panama_City Paramaribo
Phnom_Penh Podgorica Port_Louis Port_Moresby Port-au-Prince Port_of_Spain Porto-Novo
Port_Vila Prague Praia Pretoria Pristina Quito Rabat Reykjavik Roseau Saint_George's
San_Jose San_José San_Marino San_Salvador Sanaa Santiago Santo_Domingo Sao_Tome
Sarajevo Skopje Sofia South_Tarawa Sri_Jayawardenepura_Kotte Suva Tashkent Tbilisi
Tegucigalpa Thimphu Tirana Tripoli Tunis Ulaanbaatar Valletta Vientiane
Windhoek Yamoussoukro Yaounde Yaoundé Yerevan Zagreb Dublin Edinburgh Cardiff Belfast
Wellington Auckland Sydney Melbourne Toronto Montreal Vancouver Karachi Lahore Dhaka
Chittagong Kolkata Chennai Bangalore Hyderabad Ho_Chi_Minh_City Cebu Davao Surabaya
Kharkiv Odesa Odessa Lviv Dnipro Kherson Mariupol Zaporizhzhia Donetsk Luhansk Mosul
Basra Erbil Aleppo Homs Gaza_City Ramallah Benghazi Mombasa Kisumu Goma Kano Ibadan
Alexandria Casablanca Marrakesh Durban Cape_Town Johannesburg Sao_Paulo São_Paulo
Rio_de_Janeiro Guadalajara Monterrey Medellin Medellín Cali Osaka Busan Incheon
Guangzhou Shenzhen Wuhan Chengdu Chongqing Tianjin St_Petersburg Novosibirsk Almaty
Samarkand Yangon Mandalay Peshawar Quetta Kandahar Herat Mazar-i-Sharif Jeddah Mecca
Isfahan Mashhad Tabriz Izmir Antalya Gdansk Krakow Kraków Wroclaw Milan Naples
Munich Hamburg Frankfurt Cologne Barcelona Seville Valencia Lyon Marseille Rotterdam
Antwerp Zurich Geneva Porto Thessaloniki
""".replace("_", " ").split()
)
